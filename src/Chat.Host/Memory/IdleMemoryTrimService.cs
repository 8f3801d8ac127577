using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chat.Host.Memory;

/// <summary>
/// Gives the memory of a past burst back to the operating system once the server is quiet,
/// with one aggressive (compacting, decommitting) collection; see <see cref="IdleTrimPolicy"/>.
/// </summary>
internal sealed class IdleMemoryTrimService(TimeProvider time, ILogger<IdleMemoryTrimService> logger) : BackgroundService
{
    // Short, so memory is back a few seconds after a burst; a tick reads two counters.
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private const long GrowthBytes = 32L * 1024 * 1024;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var policy = new IdleTrimPolicy(GrowthBytes, GC.CollectionCount(0), Committed());
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                long before = Committed();
                if (policy.ShouldTrim(GC.CollectionCount(0), before))
                {
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                    long after = Committed();
                    policy.Trimmed(GC.CollectionCount(0), after);
                    HostLog.MemoryTrimmed(logger, before / (1024 * 1024), after / (1024 * 1024));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Host shutdown.
        }
    }

    /// <summary>The GC heap's committed bytes as of the last collection.</summary>
    private static long Committed() => GC.GetGCMemoryInfo().TotalCommittedBytes;
}
