using Chat.Core.History;
using Chat.Host.History;
using Chat.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Chat.Tests.History;

/// <summary>A failing disk pauses the store, never loses what it took, and it resumes.</summary>
public sealed class HistoryFailureTests : IDisposable
{
    private readonly HistoryFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_full_disk_logs_once_a_minute_keeps_every_message_and_resumes()
    {
        await using (SqliteHistoryStore store = _files.Open())
        {
            Append(store, 1, 100);
            await store.FlushAsync(CancellationToken.None).DefaultTimeout();
            await store.OnWriterAsync(c => FillDiskThenAppend(c, store, 101, 3000)).DefaultTimeout();
            Task flushed = store.FlushAsync(CancellationToken.None);
            await _files.Log.WaitForAsync(LogLevel.Error, 1).DefaultTimeout();
            Assert.Contains("the disk is full", _files.Log.Lines(LogLevel.Error)[0]);
            Assert.False(flushed.IsCompleted);
            // Retries go on and stay quiet within the minute (a request runs between two
            // attempts, so two requests in a row have an attempt between them) ...
            await RetriedAsync(store);
            Assert.Single(_files.Log.Lines(LogLevel.Error));
            // ... and say it again once a minute has passed.
            _files.Time.Advance(TimeSpan.FromMinutes(1));
            await RetriedAsync(store);
            Assert.Equal(2, _files.Log.Lines(LogLevel.Error).Count);

            await store.OnWriterAsync(c => Pragma(c, "max_page_count = 1000000000")).DefaultTimeout();
            await flushed.DefaultTimeout();
            Assert.Contains(_files.Log.Lines(LogLevel.Information), line => line.StartsWith("History store writing again after "));
        }

        await using SqliteHistoryStore reopened = _files.Open();
        Assert.Equal(Enumerable.Range(1, 3000).Select(i => (long)i), reopened.LoadRoom("lobby", 5000).Messages.Select(m => m.Sequence));
    }

    [Fact]
    public async Task Closing_on_a_dead_disk_makes_one_last_attempt_and_says_what_was_lost()
    {
        SqliteHistoryStore store = _files.Open();
        Append(store, 1, 10);
        await store.FlushAsync(CancellationToken.None).DefaultTimeout();
        await store.OnWriterAsync(c => FillDiskThenAppend(c, store, 11, 2000)).DefaultTimeout();
        Task flushed = store.FlushAsync(CancellationToken.None);
        await _files.Log.WaitForAsync(LogLevel.Error, 1).DefaultTimeout();

        await store.DisposeAsync().AsTask().DefaultTimeout();

        Assert.Contains("History store closed with 1990 messages not written", _files.Log.Lines(LogLevel.Error));
        await Assert.ThrowsAsync<IOException>(() => flushed.DefaultTimeout());
        Assert.False(store.TryAppend(HistoryFiles.Message("Lobby", 2001)));
    }

    [Fact]
    public async Task A_copy_taken_while_the_writer_streams_is_readable_and_each_room_a_prefix()
    {
        // What a kill -9 leaves is what was committed: a consistent copy taken mid-stream (the
        // backup API reads one committed snapshot) must open, each room numbered 1..n.
        string copy = Path.Combine(_files.Directory, "copy.db");
        const int Rooms = 4;
        await using (SqliteHistoryStore store = _files.Open(new HistoryOptions { FlushInterval = TimeSpan.FromMilliseconds(1), BatchSize = 64 }))
        {
            using var stop = new CancellationTokenSource();
            Task[] senders = Enumerable.Range(0, Rooms).Select(room => Task.Run(async () =>
            {
                for (int i = 1; !stop.IsCancellationRequested; i++)
                {
                    while (!store.TryAppend(HistoryFiles.Message($"Room{room}", i)))
                    {
                        await store.WaitForRoomAsync(CancellationToken.None);
                    }
                }
            })).ToArray();
            Assert.True(SpinWait.SpinUntil(() => store.Transactions >= 20, TimeoutExtensions.DefaultTimeoutSpan));
            using (var source = new SqliteConnection($"Data Source={_files.Database};Pooling=False"))
            using (var target = new SqliteConnection($"Data Source={copy};Pooling=False"))
            {
                source.Open();
                target.Open();
                source.BackupDatabase(target);
            }
            stop.Cancel();
            await Task.WhenAll(senders).DefaultTimeout();
        }

        await using SqliteHistoryStore reopened = _files.Open(path: copy);
        Assert.NotEmpty(reopened.Rooms);
        foreach (StoredRoom room in reopened.Rooms)
        {
            long[] sequences = reopened.LoadRoom(room.RoomKey, int.MaxValue).Messages.Select(m => m.Sequence).ToArray();
            Assert.Equal(Enumerable.Range(1, sequences.Length).Select(i => (long)i), sequences);
        }
    }

    /// <summary>
    /// On the writer's thread, so its next batch holds them all and needs new pages:
    /// max_page_count at the current size makes that fail with SQLITE_FULL, as a full disk would.
    /// </summary>
    private static void FillDiskThenAppend(SqliteConnection connection, SqliteHistoryStore store, int from, int to)
    {
        Pragma(connection, "max_page_count = " + Pragma(connection, "page_count"));
        Append(store, from, to);
    }

    private static async Task RetriedAsync(SqliteHistoryStore store)
    {
        await store.OnWriterAsync(_ => { }).DefaultTimeout();
        await store.OnWriterAsync(_ => { }).DefaultTimeout();
    }

    private static void Append(SqliteHistoryStore store, int from, int to)
    {
        for (int i = from; i <= to; i++)
        {
            Assert.True(store.TryAppend(HistoryFiles.Message("Lobby", i, text: new string('x', 400))));
        }
    }

    private static object? Pragma(SqliteConnection connection, string pragma)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA " + pragma;
        return command.ExecuteScalar();
    }
}
