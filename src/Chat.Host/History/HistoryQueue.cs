using System.Diagnostics;
using Chat.Core.History;

namespace Chat.Host.History;

/// <summary>
/// The bounded first-in first-out queue between the senders and the one writer thread.
/// Adding never blocks: a full queue refuses, and the sender waits for room. The writer takes
/// a batch at a time and keeps it "in flight" until it is committed, so a message is always
/// either here or on disk (<see cref="CopyPending"/> relies on that), and a failed commit is
/// retried with the same batch. Counting taken and committed messages in one order is what
/// lets a flush wait for exactly the messages taken before it.
/// </summary>
internal sealed class HistoryQueue
{
    private readonly object _gate = new();
    private readonly int _capacity;
    private readonly StoredMessage[] _inFlight;
    private StoredMessage[] _ring;
    private int _head;
    private int _count;
    private int _inFlightCount;
    private long _oldestSince; // Stopwatch timestamp of the oldest queued message
    private long _taken;
    private long _committed;
    private bool _stopping;
    private TaskCompletionSource? _roomWaiters;
    private readonly List<(long Target, TaskCompletionSource Done)> _flushWaiters = [];

    /// <param name="capacity">Messages queued at most, the in-flight batch not counted.</param>
    /// <param name="batchSize">Messages per commit at most.</param>
    public HistoryQueue(int capacity, int batchSize)
    {
        _capacity = capacity;
        _inFlight = new StoredMessage[batchSize];
        // The ring grows on demand: an idle server does not hold the worst case's array.
        _ring = new StoredMessage[Math.Min(capacity, 1024)];
    }

    public bool IsStopping
    {
        get { lock (_gate) { return _stopping; } }
    }

    /// <summary>Taken and not yet committed, the in-flight batch included.</summary>
    public long Pending
    {
        get { lock (_gate) { return _taken - _committed; } }
    }

    public ReadOnlySpan<StoredMessage> InFlight => _inFlight.AsSpan(0, _inFlightCount);

    public bool TryAdd(in StoredMessage message)
    {
        lock (_gate)
        {
            if (_stopping || _count == _capacity)
            {
                return false;
            }
            if (_count == _ring.Length)
            {
                Grow();
            }
            _ring[(_head + _count) % _ring.Length] = message;
            _count++;
            _taken++;
            if (_count == 1)
            {
                _oldestSince = Stopwatch.GetTimestamp();
                Monitor.Pulse(_gate);
            }
            else if (_count == _inFlight.Length)
            {
                Monitor.Pulse(_gate);
            }
            return true;
        }
    }

    public ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            if (_count < _capacity)
            {
                return ValueTask.CompletedTask;
            }
            _roomWaiters ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return new ValueTask(_roomWaiters.Task.WaitAsync(cancellationToken));
        }
    }

    public Task FlushAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_committed == _taken)
            {
                return Task.CompletedTask;
            }
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _flushWaiters.Add((_taken, done));
            // A flush commits now rather than at the end of the flush interval.
            Monitor.Pulse(_gate);
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The writer's wait: moves the next batch in flight and returns its size. With messages
    /// queued it waits until a full batch is queued, a flush is asked for, or the oldest has
    /// waited <paramref name="interval"/>; with none it waits at most <paramref name="idle"/>
    /// (or a <see cref="Wake"/>) and returns 0.
    /// </summary>
    public int TakeBatch(TimeSpan interval, TimeSpan idle)
    {
        lock (_gate)
        {
            Debug.Assert(_inFlightCount == 0, "the batch in flight is committed or abandoned first");
            if (_count == 0 && !_stopping && idle > TimeSpan.Zero)
            {
                Monitor.Wait(_gate, idle);
            }
            while (_count > 0 && _count < _inFlight.Length && !_stopping && _flushWaiters.Count == 0)
            {
                TimeSpan left = interval - Stopwatch.GetElapsedTime(_oldestSince);
                if (left <= TimeSpan.Zero)
                {
                    break;
                }
                Monitor.Wait(_gate, left);
            }
            int n = Math.Min(_count, _inFlight.Length);
            for (int i = 0; i < n; i++)
            {
                ref StoredMessage slot = ref _ring[(_head + i) % _ring.Length];
                _inFlight[i] = slot;
                slot = default;
            }
            _head = (_head + n) % _ring.Length;
            _count -= n;
            _inFlightCount = n;
            _oldestSince = Stopwatch.GetTimestamp();
            if (n > 0 && _roomWaiters is { } waiters)
            {
                _roomWaiters = null;
                waiters.SetResult();
            }
            return n;
        }
    }

    /// <summary>The batch in flight is on disk: completes the flushes it satisfies.</summary>
    public void Committed()
    {
        lock (_gate)
        {
            _committed += _inFlightCount;
            Array.Clear(_inFlight, 0, _inFlightCount);
            _inFlightCount = 0;
            _flushWaiters.RemoveAll(waiter =>
            {
                if (waiter.Target > _committed)
                {
                    return false;
                }
                waiter.Done.SetResult();
                return true;
            });
        }
    }

    /// <summary>
    /// Gives up on every message not yet committed (the disk failed while stopping) and fails
    /// the flushes waiting for them; returns how many were given up.
    /// </summary>
    public long Abandon()
    {
        lock (_gate)
        {
            long lost = _taken - _committed;
            Array.Clear(_inFlight);
            Array.Clear(_ring);
            _inFlightCount = 0;
            _count = 0;
            _committed = _taken;
            var error = new IOException($"The history store closed with {lost} messages not written.");
            foreach ((_, TaskCompletionSource done) in _flushWaiters)
            {
                done.SetException(error);
            }
            _flushWaiters.Clear();
            return lost;
        }
    }

    /// <summary>Refuses further messages; the writer drains what is queued and ends.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopping = true;
            _roomWaiters?.SetException(new ObjectDisposedException(nameof(HistoryQueue)));
            _roomWaiters = null;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Ends the writer's wait early (work other than messages: a test's request).</summary>
    public void Wake()
    {
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>The writer's pause between attempts after a failure; a stop ends it early.</summary>
    public void Pause(TimeSpan delay)
    {
        lock (_gate)
        {
            if (!_stopping)
            {
                Monitor.Wait(_gate, delay);
            }
        }
    }

    /// <summary>Appends the room's messages not yet committed, oldest first, to <paramref name="into"/>.</summary>
    public void CopyPending(string roomKey, List<StoredMessage> into)
    {
        lock (_gate)
        {
            foreach (StoredMessage message in InFlight)
            {
                if (message.RoomKey == roomKey)
                {
                    into.Add(message);
                }
            }
            for (int i = 0; i < _count; i++)
            {
                ref StoredMessage message = ref _ring[(_head + i) % _ring.Length];
                if (message.RoomKey == roomKey)
                {
                    into.Add(message);
                }
            }
        }
    }

    private void Grow()
    {
        var bigger = new StoredMessage[Math.Min(_capacity, _ring.Length * 2)];
        for (int i = 0; i < _count; i++)
        {
            bigger[i] = _ring[(_head + i) % _ring.Length];
        }
        _ring = bigger;
        _head = 0;
    }
}
