using Chat.Core.Protocol;

namespace Chat.Core.Commands;

/// <summary>Any word starting with '/' that names no command; its argument is that word, as typed.</summary>
internal sealed class UnknownCommand : IChatCommand
{
    public string Name => "";
    public string Usage => "";
    public string Description => "";

    public void Execute(CommandContext context, ReadOnlySpan<char> word) =>
        context.Reply(ServerText.UnknownCommand(word));
}
