using Chat.Core.Sessions;

namespace Chat.Core.Commands;

internal sealed class HelpCommand : IChatCommand
{
    public string Name => "/help";
    public string Usage => "/help";
    public string Description => "show this list of commands";

    public void Execute(ChatSession session, ReadOnlySpan<char> arguments) => session.Send(session.Server.Commands.HelpText);
}
