using Chat.Host.History;
using Chat.Tests.Support;

namespace Chat.Tests.History;

/// <summary>Rows past the retention or a room's cap go, oldest first, and only those.</summary>
public sealed class HistoryRetentionTests : IDisposable
{
    private readonly HistoryFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Rows_older_than_the_retention_are_deleted_and_rooms_left_empty_are_forgotten()
    {
        var options = new HistoryOptions { Retention = TimeSpan.FromDays(30), PruneBatch = 3 };
        await using (SqliteHistoryStore store = _files.Open(options))
        {
            for (int i = 1; i <= 20; i++)
            {
                store.TryAppend(HistoryFiles.Message("Lobby", i, HistoryFiles.Start.AddDays(i <= 10 ? 0 : 20)));
            }
            for (int i = 1; i <= 5; i++)
            {
                store.TryAppend(HistoryFiles.Message("Old", i, HistoryFiles.Start));
            }
            await store.FlushAsync(CancellationToken.None).DefaultTimeout();

            _files.Time.Advance(TimeSpan.FromDays(31));
            await store.PruneAsync().DefaultTimeout();
        }

        await using SqliteHistoryStore reopened = _files.Open(options);
        Assert.Equal(["lobby"], reopened.Rooms.Select(r => r.RoomKey));
        Assert.Equal(Enumerable.Range(11, 10).Select(i => (long)i), reopened.LoadRoom("lobby", 100).Messages.Select(m => m.Sequence));
        Assert.Empty(reopened.LoadRoom("old", 100).Messages);
    }

    [Fact]
    public async Task An_old_row_after_a_younger_one_is_kept_so_history_has_no_holes()
    {
        await using SqliteHistoryStore store = _files.Open(new HistoryOptions { Retention = TimeSpan.FromDays(30) });
        // The clock went back between 2 and 3: 3 is "older" than 2 but comes after it.
        store.TryAppend(HistoryFiles.Message("Lobby", 1, HistoryFiles.Start));
        store.TryAppend(HistoryFiles.Message("Lobby", 2, HistoryFiles.Start.AddDays(20)));
        store.TryAppend(HistoryFiles.Message("Lobby", 3, HistoryFiles.Start));
        await store.FlushAsync(CancellationToken.None).DefaultTimeout();

        _files.Time.Advance(TimeSpan.FromDays(31));
        await store.PruneAsync().DefaultTimeout();

        Assert.Equal([2L, 3L], store.LoadRoom("lobby", 100).Messages.Select(m => m.Sequence));
    }

    [Fact]
    public async Task A_room_keeps_at_most_its_cap_of_newest_rows()
    {
        var options = new HistoryOptions { RoomCap = 100, PruneBatch = 30 };
        await using SqliteHistoryStore store = _files.Open(options);
        for (int i = 1; i <= 1000; i++)
        {
            store.TryAppend(HistoryFiles.Message("Lobby", i));
            if (i <= 50)
            {
                store.TryAppend(HistoryFiles.Message("Quiet", i));
            }
        }
        await store.FlushAsync(CancellationToken.None).DefaultTimeout();

        await store.PruneAsync().DefaultTimeout();

        Assert.Equal(Enumerable.Range(901, 100).Select(i => (long)i), store.LoadRoom("lobby", 1000).Messages.Select(m => m.Sequence));
        Assert.Equal(50, store.LoadRoom("quiet", 1000).Messages.Count);
    }
}
