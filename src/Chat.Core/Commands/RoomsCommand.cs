using Chat.Core.Protocol;
using Chat.Core.Sessions;

namespace Chat.Core.Commands;

internal sealed class RoomsCommand : IChatCommand
{
    public string Name => "/rooms";
    public string Usage => "/rooms";
    public string Description => "list the rooms and how many users each has";

    public void Execute(ChatSession session, ReadOnlySpan<char> arguments) =>
        session.Send(ServerText.Rooms(session.Server.Directory.RoomList()));
}
