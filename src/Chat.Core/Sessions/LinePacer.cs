namespace Chat.Core.Sessions;

/// <summary>What <see cref="LinePacer.Admit"/> decided for a line.</summary>
internal enum Admission
{
    /// <summary>Within the rate: handle it now.</summary>
    Now,

    /// <summary>Over the rate: leave it in the input, wait, and handle it again.</summary>
    Later,

    /// <summary>Over the rate and past the burst: refuse it.</summary>
    Refused,
}

/// <summary>
/// The rate limit with a burst (PROTOCOL.md §4): a line over the rate waits its turn instead of
/// being refused. Every line handled from the first that waits until the sender's input has run
/// dry (<see cref="CaughtUp"/>) is paced, whether it waited itself or only behind another; at
/// most <c>burst</c> lines are paced, and a line over the rate past that is refused. A waiting
/// line stays in the session's receive pipe, so memory is bounded by the pipe and TCP
/// back-pressure does the rest.
/// </summary>
/// <remarks>
/// Used by one session's read loop; only <see cref="Cancel"/> comes from other threads. The
/// wait is a timer, never a blocked thread, and nothing else waits for it.
/// </remarks>
internal sealed class LinePacer(SlidingWindowRateLimiter rate, int burst, TimeProvider time)
{
    private int _paced;
    private bool _retrying; // the line last held is being handled again: it was counted then
    private bool _admittedHeld; // admitted, then not taken (the history store was full): not counted again
    private CancellationTokenSource? _waiting;
    private int _cancelled;

    public Admission Admit()
    {
        if (_admittedHeld)
        {
            _admittedHeld = false;
            return Admission.Now;
        }
        bool retrying = _retrying;
        _retrying = false;
        if (rate.TryAcquire())
        {
            if (_paced > 0 && !retrying)
            {
                _paced++; // it waited behind the held ones
            }
            return Admission.Now;
        }
        if (retrying || _paced < burst)
        {
            _paced += retrying ? 0 : 1;
            _retrying = true;
            return Admission.Later;
        }
        return Admission.Refused;
    }

    /// <summary>The sender's input has no complete line left: its next burst starts afresh.</summary>
    public void CaughtUp() => _paced = 0;

    /// <summary>Waits until the rate admits a line, or <see cref="Cancel"/> is called.</summary>
    public async Task WaitAsync()
    {
        CancellationTokenSource waiting = _waiting ?? StartWaiting();
        TimeSpan left;
        while (!waiting.IsCancellationRequested && (left = rate.TimeUntilFree()) > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(left, time, waiting.Token);
            }
            catch (OperationCanceledException)
            {
                return; // the session is stopping: its read loop sees why
            }
        }
    }

    /// <summary>
    /// The line admitted last was not taken after all (the history store was full): it waits
    /// in the input for <paramref name="room"/>, and is handled again without counting twice.
    /// </summary>
    public async Task WaitAfterAdmittedAsync(Func<CancellationToken, ValueTask> room)
    {
        _admittedHeld = true;
        CancellationTokenSource waiting = _waiting ?? StartWaiting();
        try
        {
            await room(waiting.Token);
        }
        catch (OperationCanceledException) when (waiting.IsCancellationRequested)
        {
            // the session is stopping: its read loop sees why
        }
    }

    /// <summary>Ends a wait now and every later one at once; the session is stopping.</summary>
    public void Cancel()
    {
        Interlocked.Exchange(ref _cancelled, 1);
        Volatile.Read(ref _waiting)?.Cancel();
    }

    private CancellationTokenSource StartWaiting()
    {
        // Made on the first wait only, as most sessions never wait. Each side publishes with a
        // full fence before it reads the other's field, so a Cancel racing with this either
        // finds the source or is seen here.
        var waiting = new CancellationTokenSource();
        Interlocked.Exchange(ref _waiting, waiting);
        if (Volatile.Read(ref _cancelled) != 0)
        {
            waiting.Cancel();
        }
        return waiting;
    }
}
