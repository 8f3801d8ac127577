using Chat.Core.Protocol;

namespace Chat.Core.Commands;

internal sealed class ListCommand : IChatCommand
{
    public string Name => "/list";
    public string Usage => "/list";
    public string Description => "list everyone online, in every room";

    public void Execute(CommandContext context, ReadOnlySpan<char> arguments) =>
        context.Reply(ServerText.OnlineUsers(context.Directory.UsersWithRooms()));
}
