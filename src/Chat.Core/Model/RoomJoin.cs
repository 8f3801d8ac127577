using Chat.Core.Protocol;

namespace Chat.Core.Model;

/// <summary>A user entering a room: what it is greeted with, and what the room is told.</summary>
internal readonly record struct RoomJoin(ChatUser User, EncodedLine Greeting, EncodedLine Notice);
