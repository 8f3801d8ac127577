using Chat.Core.Protocol;

namespace Chat.Core.Commands;

internal sealed class RoomsCommand : IChatCommand
{
    public string Name => "/rooms";
    public string Usage => "/rooms";
    public string Description => "list the rooms and how many users each has";

    public void Execute(CommandContext context, ReadOnlySpan<char> arguments) =>
        context.Reply(ServerText.Rooms(context.Directory.RoomList()));
}
