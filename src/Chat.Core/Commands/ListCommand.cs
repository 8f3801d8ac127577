using Chat.Core.Protocol;
using Chat.Core.Sessions;

namespace Chat.Core.Commands;

internal sealed class ListCommand : IChatCommand
{
    public string Name => "/list";
    public string Usage => "/list";
    public string Description => "list everyone online, in every room";

    public void Execute(ChatSession session, ReadOnlySpan<char> arguments) =>
        session.Send(ServerText.OnlineUsers(session.Server.Directory.UsersWithRooms()));
}
