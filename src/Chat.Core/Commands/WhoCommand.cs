using Chat.Core.Model;
using Chat.Core.Protocol;

namespace Chat.Core.Commands;

internal sealed class WhoCommand : IChatCommand
{
    public string Name => "/who";
    public string Usage => "/who";
    public string Description => "list the users in your room";

    public void Execute(CommandContext context, ReadOnlySpan<char> arguments)
    {
        ChatRoom room = context.Room;
        context.Reply(ServerText.UsersIn(room.Name, ChatDirectory.Sorted(room.MemberNames())));
    }
}
