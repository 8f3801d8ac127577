using Chat.Core.History;

namespace Chat.Tests.Support;

/// <summary>
/// A history store in memory that keeps what it takes, as the SQLite store does, and can be
/// made full: then it refuses every message until <see cref="Release"/>, as a store whose
/// disk cannot keep up.
/// </summary>
internal sealed class GatedHistoryStore : IHistoryStore
{
    private readonly Lock _gate = new();
    private readonly List<StoredMessage> _taken = [];
    private readonly TaskCompletionSource _refused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _room = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _full;

    public IReadOnlyList<StoredRoom> Rooms => [];

    /// <summary>Completes the first time a message is refused.</summary>
    public Task FirstRefusal => _refused.Task;

    public StoredMessage[] Taken
    {
        get { lock (_gate) { return [.. _taken]; } }
    }

    public void Fill()
    {
        lock (_gate)
        {
            _full = true;
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _full = false;
            _room.SetResult();
            _room = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public RoomTail LoadRoom(string roomKey, int count)
    {
        lock (_gate)
        {
            List<StoredMessage> room = _taken.FindAll(m => m.RoomKey == roomKey);
            return room.Count == 0 ? RoomTail.Empty : new RoomTail(room.TakeLast(count).ToList(), room[^1].Sequence);
        }
    }

    public bool TryAppend(in StoredMessage message)
    {
        lock (_gate)
        {
            if (_full)
            {
                _refused.TrySetResult();
                return false;
            }
            _taken.Add(message);
            return true;
        }
    }

    public ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _full ? new ValueTask(_room.Task.WaitAsync(cancellationToken)) : ValueTask.CompletedTask;
        }
    }

    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
