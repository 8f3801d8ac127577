namespace Chat.Core.History;

/// <summary>
/// Where the rooms' logs are written behind (docs/DESIGN: the log lives in memory, a store
/// writes it behind). Appending never waits for the disk: a bounded queue takes the message
/// and one writer commits it later; a full queue says so, and the sender waits for room
/// before reading its next line, so the disk slows senders and never receivers.
/// </summary>
public interface IHistoryStore : IAsyncDisposable
{
    /// <summary>The rooms that had stored history when the store was opened.</summary>
    IReadOnlyList<StoredRoom> Rooms { get; }

    /// <summary>
    /// The last <paramref name="count"/> messages of a room, oldest first, and its last
    /// sequence, counting every message accepted so far, committed or still queued. Meant for
    /// creating a room; it reads the disk, so call it off the broadcast path.
    /// </summary>
    RoomTail LoadRoom(string roomKey, int count);

    /// <summary>
    /// Queues <paramref name="message"/> for the writer and never blocks. False when the queue
    /// is full: the message was not taken, and the caller waits with <see cref="WaitForRoomAsync"/>
    /// and tries again. A message taken is committed unless the disk fails for good.
    /// </summary>
    bool TryAppend(in StoredMessage message);

    /// <summary>Completes when the queue has room again (at once when it has); throws once the store is closed.</summary>
    ValueTask WaitForRoomAsync(CancellationToken cancellationToken);

    /// <summary>Completes when every message taken before the call is committed.</summary>
    Task FlushAsync(CancellationToken cancellationToken);
}
