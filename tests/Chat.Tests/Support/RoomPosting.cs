using Chat.Core.Events;
using Chat.Core.Model;

namespace Chat.Tests.Support;

internal static class RoomPosting
{
    /// <summary>Posts through a store that always takes the message (the memory store): the post must succeed.</summary>
    public static RoomMessage Post(this ChatRoom room, in RoomMessage message, ChatUser sender)
    {
        Assert.True(room.TryPost(message, sender, out RoomMessage posted), "the history store refused the message");
        return posted;
    }
}
