namespace Chat.Core.Commands;

internal sealed class QuitCommand : IChatCommand
{
    public string Name => "/quit";
    public string Usage => "/quit";
    public string Description => "leave the chat";

    // A user must always be able to leave, however fast it has been typing.
    public bool IsRateLimited => false;

    public void Execute(CommandContext context, ReadOnlySpan<char> arguments) => context.Quit();
}
