using Chat.Core.History;
using Chat.Host.History;
using Chat.Tests.Support;

namespace Chat.Tests.History;

/// <summary>What the store takes comes back after a restart, in order, and in few commits.</summary>
public sealed class SqliteHistoryStoreTests : IDisposable
{
    private readonly HistoryFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Messages_survive_a_restart_in_order_with_every_field()
    {
        var sent = new List<StoredMessage>();
        await using (SqliteHistoryStore store = _files.Open())
        {
            for (int i = 1; i <= 100; i++)
            {
                foreach (string room in (string[])["Lobby", "Dev", "Ops"])
                {
                    StoredMessage message = HistoryFiles.Message(room, i, HistoryFiles.Start.AddSeconds(i));
                    Assert.True(store.TryAppend(message));
                    sent.Add(message);
                }
            }
            await store.FlushAsync(CancellationToken.None).DefaultTimeout();
        }

        await using SqliteHistoryStore reopened = _files.Open();

        Assert.Equal(["dev/Dev", "lobby/Lobby", "ops/Ops"], reopened.Rooms.Select(r => $"{r.RoomKey}/{r.Room}").Order());
        RoomTail dev = reopened.LoadRoom("dev", 50);
        Assert.Equal(100, dev.LastSequence);
        // The text is compared as text: a message read back holds its own bytes.
        Assert.Equal(sent.Where(m => m.RoomKey == "dev").TakeLast(50).Select(HistoryFiles.Describe), dev.Messages.Select(HistoryFiles.Describe));
        RoomTail none = reopened.LoadRoom("ops", 0);
        Assert.Empty(none.Messages);
        Assert.Equal(100, none.LastSequence);
        Assert.Equal(RoomTail.Empty.LastSequence, reopened.LoadRoom("nowhere", 50).LastSequence);
    }

    [Fact]
    public async Task Closing_commits_every_message_taken_without_a_flush()
    {
        await using (SqliteHistoryStore store = _files.Open(new HistoryOptions { FlushInterval = TimeSpan.FromMinutes(1) }))
        {
            for (int i = 1; i <= 10_000; i++)
            {
                Assert.True(store.TryAppend(HistoryFiles.Message("Lobby", i)));
            }
        }

        await using SqliteHistoryStore reopened = _files.Open();
        RoomTail lobby = reopened.LoadRoom("lobby", 10_000);
        Assert.Equal(Enumerable.Range(1, 10_000).Select(i => (long)i), lobby.Messages.Select(m => m.Sequence));
    }

    [Fact]
    public async Task Loading_a_room_includes_messages_not_yet_committed()
    {
        // A flush interval of a minute keeps the last messages queued while the room loads.
        await using SqliteHistoryStore store = _files.Open(new HistoryOptions { FlushInterval = TimeSpan.FromMinutes(1) });
        for (int i = 1; i <= 10; i++)
        {
            store.TryAppend(HistoryFiles.Message("Lobby", i));
        }
        await store.FlushAsync(CancellationToken.None).DefaultTimeout();
        for (int i = 11; i <= 15; i++)
        {
            store.TryAppend(HistoryFiles.Message("Lobby", i));
            store.TryAppend(HistoryFiles.Message("Dev", i));
        }

        RoomTail lobby = store.LoadRoom("lobby", 12);

        Assert.Equal(Enumerable.Range(4, 12).Select(i => (long)i), lobby.Messages.Select(m => m.Sequence));
        Assert.Equal(15, lobby.LastSequence);
        Assert.All(lobby.Messages, m => Assert.Equal("lobby", m.RoomKey));
    }

    [Fact]
    public async Task Many_messages_are_committed_in_few_transactions()
    {
        // The interval is long, so only a full batch or the flush commits: 10,000 messages in
        // batches of 4,096 are exactly three transactions, where one per message would be 10,000.
        await using SqliteHistoryStore store = _files.Open(new HistoryOptions { FlushInterval = TimeSpan.FromMinutes(1), BatchSize = 4096 });
        for (int i = 1; i <= 10_000; i++)
        {
            Assert.True(store.TryAppend(HistoryFiles.Message($"Room{i % 10}", i)));
        }
        await store.FlushAsync(CancellationToken.None).DefaultTimeout();

        Assert.Equal(3, store.Transactions);
    }

    [Fact]
    public async Task A_full_queue_refuses_until_the_writer_makes_room()
    {
        await using SqliteHistoryStore store = _files.Open(new HistoryOptions { QueueCapacity = 8, BatchSize = 4 });
        using var writerBusy = new ManualResetEventSlim();
        var writerHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task held = store.OnWriterAsync(_ =>
        {
            writerHeld.SetResult();
            writerBusy.Wait(TimeoutExtensions.DefaultTimeoutSpan);
        });
        await writerHeld.Task.DefaultTimeout();

        for (int i = 1; i <= 8; i++)
        {
            Assert.True(store.TryAppend(HistoryFiles.Message("Lobby", i)));
        }
        Assert.False(store.TryAppend(HistoryFiles.Message("Lobby", 9)));
        Task room = store.WaitForRoomAsync(CancellationToken.None).AsTask();
        Assert.False(room.IsCompleted);

        writerBusy.Set();
        await room.DefaultTimeout();
        await held.DefaultTimeout();
        Assert.True(store.TryAppend(HistoryFiles.Message("Lobby", 9)));
        await store.FlushAsync(CancellationToken.None).DefaultTimeout();
        Assert.Equal(9, store.LoadRoom("lobby", 100).Messages.Count);
    }

    [Fact]
    public async Task A_room_appended_to_by_many_senders_keeps_each_room_order()
    {
        await using (SqliteHistoryStore store = _files.Open(new HistoryOptions { QueueCapacity = 64, BatchSize = 16 }))
        {
            // Each sender owns a room and numbers it; a full queue makes it wait, as a session would.
            await Task.WhenAll(Enumerable.Range(0, 4).Select(room => Task.Run(async () =>
            {
                for (int i = 1; i <= 2000; i++)
                {
                    while (!store.TryAppend(HistoryFiles.Message($"Room{room}", i)))
                    {
                        await store.WaitForRoomAsync(CancellationToken.None);
                    }
                }
            }))).WaitAsync(TimeSpan.FromSeconds(30));
        }

        await using SqliteHistoryStore reopened = _files.Open();
        for (int room = 0; room < 4; room++)
        {
            Assert.Equal(Enumerable.Range(1, 2000).Select(i => (long)i), reopened.LoadRoom($"room{room}", 5000).Messages.Select(m => m.Sequence));
        }
    }
}
