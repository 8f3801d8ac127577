using Chat.Core.Model;
using Chat.Core.Protocol;
using Chat.Core.Sessions;

namespace Chat.Core.Commands;

internal sealed class MeCommand : IChatCommand
{
    public string Name => "/me";
    public string Usage => "/me <action>";
    public string Description => "tell your room what you are doing";

    public void Execute(ChatSession session, ReadOnlySpan<char> arguments)
    {
        if (arguments.IsEmpty)
        {
            session.Send(ServerText.MeUsage);
            return;
        }
        if (!session.CheckLength(arguments))
        {
            return;
        }
        ChatUser user = session.User;
        ChatRoom room = user.Room;
        room.Post(LineFormatter.Action(session.Server.Time.GetLocalNow(), room.Name, user.Name, arguments), user);
    }
}
