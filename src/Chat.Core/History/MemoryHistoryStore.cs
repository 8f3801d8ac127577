namespace Chat.Core.History;

/// <summary>
/// The store of <c>Chat:HistoryStore=Memory</c>: it takes every message and keeps none, so
/// history lives only in the rooms' replay windows and ends with the process.
/// </summary>
public sealed class MemoryHistoryStore : IHistoryStore
{
    public IReadOnlyList<StoredRoom> Rooms => [];

    public RoomTail LoadRoom(string roomKey, int count) => RoomTail.Empty;

    public bool TryAppend(in StoredMessage message) => true;

    public ValueTask WaitForRoomAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
