using Chat.Core.History;
using Chat.Host.History;
using Chat.Tests.History;
using Chat.Tests.Support;

namespace Chat.Tests.Observability;

/// <summary>The SQLite history store reports the messages waiting for its writer and how long each commit took.</summary>
public sealed class HistoryMetricsTests
{
    [Fact]
    public async Task TheQueueLengthIsObservedAndEveryCommitIsTimed()
    {
        using var files = new HistoryFiles();
        using var metrics = new MetricsRecorder();
        await using SqliteHistoryStore store = SqliteHistoryStore.Open(
            new HistoryOptions { Path = files.Database }, files.Time, files.Log, metrics.Factory);
        using var writerBusy = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        Task held = store.OnWriterAsync(_ =>
        {
            writerBusy.Set();
            release.Wait(TimeoutExtensions.DefaultTimeoutSpan);
        });
        Assert.True(writerBusy.Wait(TimeoutExtensions.DefaultTimeoutSpan));

        for (int i = 1; i <= 3; i++)
        {
            Assert.True(store.TryAppend(HistoryFiles.Message("lobby", i)));
        }
        Assert.Equal(3, metrics.Observe("chat.history.queued_messages"));

        release.Set();
        await held.DefaultTimeout();
        await store.FlushAsync(CancellationToken.None).DefaultTimeout();
        Assert.Equal(0, metrics.Observe("chat.history.queued_messages"));
        IReadOnlyCollection<double> commits = metrics.Recorded("chat.history.commit.duration");
        Assert.NotEmpty(commits);
        Assert.All(commits, seconds => Assert.InRange(seconds, double.Epsilon, 60));
    }
}
