using Chat.Core.Model;
using Chat.Core.Protocol;
using Chat.Core.Sessions;

namespace Chat.Core.Commands;

internal sealed class WhoCommand : IChatCommand
{
    public string Name => "/who";
    public string Usage => "/who";
    public string Description => "list the users in your room";

    public void Execute(ChatSession session, ReadOnlySpan<char> arguments)
    {
        ChatRoom room = session.User.Room;
        session.Send(ServerText.UsersIn(room.Name, ChatDirectory.Sorted(room.MemberNames())));
    }
}
