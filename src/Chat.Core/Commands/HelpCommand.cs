namespace Chat.Core.Commands;

internal sealed class HelpCommand : IChatCommand
{
    public string Name => "/help";
    public string Usage => "/help";
    public string Description => "show this list of commands";

    public void Execute(CommandContext context, ReadOnlySpan<char> arguments) => context.Reply(context.Commands.HelpText);
}
