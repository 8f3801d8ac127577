namespace Chat.Core.History;

/// <summary>
/// What a room needs from the store when it is created: its last messages, oldest first, and
/// the last sequence it used, so numbering goes on where it stopped even when
/// <see cref="Messages"/> is empty (a replay window of 0) or shorter than the stored history.
/// </summary>
public readonly record struct RoomTail(IReadOnlyList<StoredMessage> Messages, long LastSequence)
{
    public static RoomTail Empty { get; } = new([], 0);
}
