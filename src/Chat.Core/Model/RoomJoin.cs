using Chat.Core.Events;

namespace Chat.Core.Model;

/// <summary>A user entering a room, and the event the room is told.</summary>
internal readonly record struct RoomJoin(ChatUser User, MemberJoined Event);
