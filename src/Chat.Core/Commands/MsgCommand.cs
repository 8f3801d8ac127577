using Chat.Core.Events;
using Chat.Core.Model;
using Chat.Core.Protocol;

namespace Chat.Core.Commands;

internal sealed class MsgCommand : IChatCommand
{
    public string Name => "/msg";
    public string Usage => "/msg <user> <message>";
    public string Description => "send a private message to one user";

    public void Execute(CommandContext context, ReadOnlySpan<char> arguments)
    {
        ReadOnlySpan<char> name = CommandTable.SplitWord(arguments, out ReadOnlySpan<char> text);
        if (name.IsEmpty || text.IsEmpty)
        {
            context.Reply(ServerText.MsgUsage);
            return;
        }
        ChatUser? target = NameRules.TryNormalize(name, out string normalized)
            ? context.Directory.FindUser(normalized)
            : null;
        if (target is null)
        {
            context.Reply(ServerText.UserNotFound(name));
            return;
        }
        if (!context.CheckLength(text))
        {
            return;
        }
        // The sender's copy first: a message to yourself reads "to" before "from".
        PrivateMessage message = context.Door.Tell(context.User.Name, target.Name, text, out EncodedLine senderCopy);
        context.Reply(senderCopy);
        target.Send(target.Renderer.Render(in message, toRecipient: true));
        context.Metrics.MessageDelivered(1);
    }
}
