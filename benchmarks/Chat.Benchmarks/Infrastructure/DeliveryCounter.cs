namespace Chat.Benchmarks.Infrastructure;

/// <summary>
/// Counts the lines every simulated client has received and lets the benchmark thread wait,
/// without sleeping or polling, until a known number more have arrived. It allocates nothing
/// per wait, so a benchmark's allocated bytes are the server's alone.
/// </summary>
/// <remarks>
/// Counts are exact: the benchmark raises the target by the lines it is about to cause, and
/// only the reader whose lines bring the total to the target wakes it.
/// </remarks>
internal sealed class DeliveryCounter
{
    private readonly ManualResetEventSlim _reached = new(initialState: false);
    private long _received;
    private long _expected;

    public long Received => Volatile.Read(ref _received);

    /// <summary>Raises the target by <paramref name="lines"/>; call before causing them.</summary>
    public void Expect(long lines)
    {
        _reached.Reset();
        Interlocked.Add(ref _expected, lines);
    }

    /// <summary>
    /// Raises the target by what <paramref name="members"/> logins into one room deliver: each
    /// member's greeting, and each login announced to everyone already there. The name prompt
    /// has no LF, so it is not counted.
    /// </summary>
    public void ExpectLogins(int members) => Expect(members + (long)members * (members - 1) / 2);

    /// <summary>Called by a client's read loop with the lines (LFs) it has just received.</summary>
    public void Count(int lines)
    {
        if (lines > 0 && Interlocked.Add(ref _received, lines) >= Volatile.Read(ref _expected))
        {
            _reached.Set();
        }
    }

    /// <summary>Blocks until the target is reached; a lost line fails the run instead of hanging it.</summary>
    public void Wait(TimeSpan timeout)
    {
        if (!_reached.Wait(timeout))
        {
            throw new TimeoutException(
                $"Only {Received} of {Volatile.Read(ref _expected)} lines arrived within {timeout}.");
        }
    }
}
