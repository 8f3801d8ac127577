namespace Chat.Core.Sessions;

/// <summary>
/// At most N accepted lines in any window: remembers the times of the last N and refuses a
/// line while the oldest of them is still inside the window. A rate of 0 allows everything.
/// Used by one session's read loop only, so it needs no lock.
/// </summary>
internal sealed class SlidingWindowRateLimiter(int limit, TimeSpan window, TimeProvider time)
{
    private readonly long[] _accepted = new long[Math.Max(limit, 0)];
    private int _next;
    private int _count;

    public bool TryAcquire()
    {
        if (_accepted.Length == 0)
        {
            return true;
        }
        long now = time.GetTimestamp();
        if (_count == _accepted.Length && time.GetElapsedTime(_accepted[_next], now) < window)
        {
            return false;
        }
        _count = Math.Min(_count + 1, _accepted.Length);
        _accepted[_next] = now;
        _next = (_next + 1) % _accepted.Length;
        return true;
    }

    /// <summary>How long until <see cref="TryAcquire"/> would accept a line; zero when it would now.</summary>
    public TimeSpan TimeUntilFree()
    {
        if (_accepted.Length == 0 || _count < _accepted.Length)
        {
            return TimeSpan.Zero;
        }
        TimeSpan left = window - time.GetElapsedTime(_accepted[_next]);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
