using Chat.Core.Model;
using Chat.Core.Protocol;
using Chat.Core.Sessions;

namespace Chat.Core.Commands;

internal sealed class JoinCommand : IChatCommand
{
    public string Name => "/join";
    public string Usage => "/join <room>";
    public string Description => "go to a room, creating it if it does not exist";

    public void Execute(ChatSession session, ReadOnlySpan<char> arguments)
    {
        if (arguments.IsEmpty)
        {
            session.Send(ServerText.JoinUsage);
            return;
        }
        if (!NameRules.TryNormalize(arguments, out string roomName))
        {
            session.Send(ServerText.InvalidRoom);
            return;
        }
        ChatUser user = session.User;
        ChatRoom from = user.Room;
        ChatRoom? to = session.Server.Directory.Move(user, roomName);
        if (to is null)
        {
            session.Send(ServerText.AlreadyIn(from.Name));
            return;
        }
        ChatLog.RoomChanged(session.Server.Logger, user.Name, from.Name, to.Name);
    }
}
