using Chat.Core.Events;
using Chat.Core.Protocol;

namespace Chat.Core.Commands;

internal sealed class MeCommand : IChatCommand
{
    public string Name => "/me";
    public string Usage => "/me <action>";
    public string Description => "tell your room what you are doing";

    public void Execute(CommandContext context, ReadOnlySpan<char> arguments)
    {
        if (arguments.IsEmpty)
        {
            context.Reply(ServerText.MeUsage);
            return;
        }
        SayCommand.Post(context, MessageKind.Action, arguments);
    }
}
