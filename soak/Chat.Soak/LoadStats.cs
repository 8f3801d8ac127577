using System.Collections.Concurrent;

namespace Chat.Soak;

/// <summary>What the load did, counted as it happens; the sampler reads it with every sample.</summary>
internal sealed class LoadStats
{
    public long OpenConnections;
    public long Connections;
    public long Logins;
    public long MessagesSent;
    public long CommandsSent;
    public long LinesReceived;
    public long BytesReceived;
    public long RateLimited;
    public long Quits;
    public long AbruptCloses;
    public long PromptCloses;
    public long GarbageSessions;
    public long TooManyAttempts;
    public long RoomsCreated;
    public long SlowStarted;
    public long SlowDropped;
    public long SlowNotDropped;
    public long ChatterReconnects;
    public long Errors;

    /// <summary>Slow readers waiting to be dropped, by name; a busy-room member completes each when it hears why.</summary>
    public ConcurrentDictionary<string, TaskCompletionSource> SlowReaders { get; } = new();

    public ConcurrentQueue<double> SecondsToDrop { get; } = new();

    public ConcurrentQueue<string> ErrorSamples { get; } = new();

    public void Error(string what)
    {
        if (Interlocked.Increment(ref Errors) <= 20)
        {
            ErrorSamples.Enqueue(what);
        }
    }

    public override string ToString() =>
        $"connections {Connections} (open now {OpenConnections}), logins {Logins}, messages sent {MessagesSent}, " +
        $"commands sent {CommandsSent}, lines received {LinesReceived} ({BytesReceived / (1024 * 1024)} MiB), " +
        $"rate-limited {RateLimited}, quits {Quits}, abrupt closes {AbruptCloses}, closes at the prompt {PromptCloses}, " +
        $"garbage sessions {GarbageSessions}, too many name attempts {TooManyAttempts}, temporary rooms joined {RoomsCreated}, " +
        $"slow readers {SlowStarted} (dropped as too slow {SlowDropped}, not dropped {SlowNotDropped}), " +
        $"chatter reconnects {ChatterReconnects}, client-side errors {Errors}";
}
