namespace Chat.Core.Events;

/// <summary>Why a member left a room, which is what the room is told.</summary>
public enum LeaveReason : byte
{
    /// <summary>It left the chat: quit, or its connection closed.</summary>
    Quit,
    /// <summary>It left the chat because it stopped reading (its outbox overflowed).</summary>
    TooSlow,
    /// <summary>It moved to another room (the line door's <c>/join</c>).</summary>
    Moved,
    /// <summary>It left this room and stays in the chat.</summary>
    Parted,
}
