using Chat.Core.Model;
using Chat.Core.Protocol;
using Chat.Core.Sessions;

namespace Chat.Core.Commands;

internal sealed class MsgCommand : IChatCommand
{
    public string Name => "/msg";
    public string Usage => "/msg <user> <message>";
    public string Description => "send a private message to one user";

    public void Execute(ChatSession session, ReadOnlySpan<char> arguments)
    {
        ReadOnlySpan<char> name = CommandTable.SplitWord(arguments, out ReadOnlySpan<char> text);
        if (name.IsEmpty || text.IsEmpty)
        {
            session.Send(ServerText.MsgUsage);
            return;
        }
        ChatUser? target = NameRules.TryNormalize(name, out string normalized)
            ? session.Server.Directory.FindUser(normalized)
            : null;
        if (target is null)
        {
            session.Send(ServerText.UserNotFound(name));
            return;
        }
        if (!session.CheckLength(text))
        {
            return;
        }
        // The sender's copy first: a message to yourself reads "to" before "from".
        session.Send(LineFormatter.Private("to", target.Name, text));
        target.Send(LineFormatter.Private("from", session.User.Name, text));
    }
}
