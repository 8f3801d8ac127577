using Chat.Core.Events;

namespace Chat.Core.Model;

/// <summary>A user leaving a room, and the event the room is told; none when it goes silently (at shutdown).</summary>
internal readonly record struct RoomLeave(ChatUser User, MemberLeft? Event);
