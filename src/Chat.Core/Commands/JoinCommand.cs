using Chat.Core.Model;
using Chat.Core.Protocol;

namespace Chat.Core.Commands;

internal sealed class JoinCommand : IChatCommand
{
    public string Name => "/join";
    public string Usage => "/join <room>";
    public string Description => "go to a room, creating it if it does not exist";

    public void Execute(CommandContext context, ReadOnlySpan<char> arguments)
    {
        if (arguments.IsEmpty)
        {
            context.Reply(ServerText.JoinUsage);
            return;
        }
        if (!NameRules.TryNormalize(arguments, out string roomName))
        {
            context.Reply(ServerText.InvalidRoom);
            return;
        }
        ChatUser user = context.User;
        ChatRoom from = context.Room;
        ChatRoom? to = context.Directory.Move(user, roomName);
        if (to is null)
        {
            context.Reply(ServerText.AlreadyIn(from.Name));
            return;
        }
        ChatLog.RoomChanged(context.Logger, user.Name, from.Name, to.Name);
    }
}
