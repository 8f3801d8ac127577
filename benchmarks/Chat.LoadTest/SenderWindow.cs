namespace Chat.LoadTest;

/// <summary>
/// One sender's flow control: it may have at most <c>window</c> messages that some receiver
/// has not yet received. Receive loops report each first delivery; when the oldest
/// outstanding message has reached every receiver the window slides and the sender wakes.
/// A closed loop like this measures latency at a throughput the server can sustain, instead
/// of queueing without bound.
/// </summary>
internal sealed class SenderWindow
{
    private readonly int[] _remaining;
    private readonly bool[] _complete;
    private readonly int _receivers;
    private readonly Action _finished;
    private readonly SemaphoreSlim _wake = new(0);
    private int _oldestIncomplete;

    public SenderWindow(int messages, int window, int receivers, Action finished)
    {
        Messages = messages;
        Window = window;
        _receivers = receivers;
        _finished = finished;
        _remaining = new int[messages];
        Array.Fill(_remaining, receivers);
        _complete = new bool[messages];
    }

    public int Messages { get; }

    public int Window { get; }

    /// <summary>The first sequence number not yet received by every receiver.</summary>
    public int OldestIncomplete => Volatile.Read(ref _oldestIncomplete);

    /// <summary>How many messages the sender may have sent by now.</summary>
    public int Limit => Math.Min(Messages, OldestIncomplete + Window);

    public Task WaitForRoomAsync(CancellationToken cancellationToken) => _wake.WaitAsync(cancellationToken);

    /// <summary>The sender has put <paramref name="sequence"/> on the wire.</summary>
    public void Sent(int sequence)
    {
        if (_receivers == 0)
        {
            Complete(sequence);
        }
    }

    /// <summary>One receiver got <paramref name="sequence"/> for the first time.</summary>
    public void Delivered(int sequence)
    {
        if (Interlocked.Decrement(ref _remaining[sequence]) == 0)
        {
            Complete(sequence);
        }
    }

    private void Complete(int sequence)
    {
        bool finished;
        lock (_complete)
        {
            _complete[sequence] = true;
            int oldest = _oldestIncomplete;
            if (sequence != oldest)
            {
                return;
            }
            while (oldest < Messages && _complete[oldest])
            {
                oldest++;
            }
            Volatile.Write(ref _oldestIncomplete, oldest);
            finished = oldest == Messages;
        }
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
        if (finished)
        {
            _finished();
        }
    }
}
