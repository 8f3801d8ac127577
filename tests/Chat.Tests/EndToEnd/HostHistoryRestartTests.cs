using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Chat.Tests.History;
using Microsoft.Data.Sqlite;

namespace Chat.Tests.EndToEnd;

/// <summary>
/// History survives the real host's end (docs/PROTOCOL.md, "Settings"): after SIGTERM every
/// message delivered is replayed as before, and after <c>kill -9</c> each room's stored
/// history is a prefix of what its members received, with no holes and nothing reordered.
/// </summary>
public sealed partial class HostHistoryRestartTests : IDisposable
{
    private const string Start = "=== Recent messages ===";
    private const string End = "=== End of history ===";

    private readonly HistoryFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task After_sigterm_a_restart_replays_every_room_as_before_and_numbers_on()
    {
        List<string> lobbyBefore;
        List<string> devBefore;
        await using (HostProcess host = await HostProcess.StartAsync(Sqlite(_files.Database)))
        {
            await using TcpChatClient alice = await TcpChatClient.LoginAsync(host.Port, "alice");
            await using TcpChatClient bob = await TcpChatClient.LoginAsync(host.Port, "bob");
            Assert.Equal("*** bob joined lobby ***", await alice.ReadLineAsync());
            await alice.SendLineAsync("one");
            await alice.SendLineAsync("/me waves");
            Assert.EndsWith("[lobby] alice: one", await bob.ReadLineAsync());
            Assert.EndsWith("[lobby] * alice waves", await bob.ReadLineAsync());
            await alice.SendLineAsync("/join dev");
            Assert.Equal("Joined room: dev", await alice.ReadLineAsync());
            await bob.SendLineAsync("/join dev");
            await bob.ReadUntilAsync("Joined room: dev");
            Assert.Equal("*** bob joined dev ***", await alice.ReadLineAsync());
            await alice.SendLineAsync("in dev");
            Assert.EndsWith("[dev] alice: in dev", await bob.ReadLineAsync());

            await using TcpChatClient carol = await TcpChatClient.LoginAsync(host.Port, "carol");
            lobbyBefore = await ReadHistoryAsync(carol);
            await carol.SendLineAsync("/join dev");
            Assert.Equal("Joined room: dev", await carol.ReadLineAsync());
            devBefore = await ReadHistoryAsync(carol);

            Assert.Equal(0, await host.TerminateAsync());
        }
        Assert.Equal(4, lobbyBefore.Count);
        Assert.Equal(3, devBefore.Count);

        await using (HostProcess host = await HostProcess.StartAsync(Sqlite(_files.Database)))
        {
            await using TcpChatClient dave = await TcpChatClient.LoginAsync(host.Port, "dave");
            Assert.Equal(lobbyBefore, await ReadHistoryAsync(dave));
            // dev exists only by its history: not listed (PROTOCOL.md §3), but joined as before.
            await dave.SendLineAsync("/rooms");
            Assert.Equal("Rooms:", await dave.ReadLineAsync());
            Assert.Equal("  lobby (1 user)", await dave.ReadLineAsync());
            await dave.SendLineAsync("/join DEV");
            Assert.Equal("Joined room: dev", await dave.ReadLineAsync());
            Assert.Equal(devBefore, await ReadHistoryAsync(dave));
            await dave.SendLineAsync("after the restart");
            await dave.SendLineAsync("/who");
            Assert.Equal("Users in dev: dave", await dave.ReadLineAsync());

            Assert.Equal(0, await host.TerminateAsync());
        }
        Assert.Equal(["1 in dev", "2 after the restart"], StoredTexts(_files.Database, "dev").Select(m => $"{m.Sequence} {m.Text}"));
        Assert.Equal(["1 one", "2 waves"], StoredTexts(_files.Database, "lobby").Select(m => $"{m.Sequence} {m.Text}"));
    }

    [Fact]
    public async Task Kill_9_at_any_moment_leaves_each_rooms_history_a_prefix_of_what_its_members_received()
    {
        // A message received this long before the kill was committed, many flush intervals ago.
        TimeSpan slack = TimeSpan.FromSeconds(1);
        string[] rooms = ["lobby", "dev", "ops"];
        for (int round = 0; round < 3; round++)
        {
            TimeSpan sending = TimeSpan.FromMilliseconds(Random.Shared.Next(1500, 3000));
            var received = new Dictionary<string, ConcurrentQueue<(string Text, long At)>>();
            var tasks = new List<Task>();
            long killedAt;
            await using (HostProcess host = await HostProcess.StartAsync([.. Sqlite(_files.Database), "--Chat:RateLimitMessages=0"]))
            {
                var clients = new List<TcpChatClient>();
                foreach (string room in rooms)
                {
                    TcpChatClient watcher = await JoinAsync(host.Port, $"w{round}{room}", room);
                    clients.Add(watcher);
                    received[room] = new ConcurrentQueue<(string, long)>();
                    tasks.Add(WatchAsync(watcher, room, round, received[room]));
                }
                using var stop = new CancellationTokenSource();
                foreach (string room in rooms)
                {
                    for (int s = 0; s < 2; s++)
                    {
                        TcpChatClient sender = await JoinAsync(host.Port, $"s{round}{room}{s}", room);
                        clients.Add(sender);
                        tasks.Add(SendAsync(sender, $"{round}:{room}:{s}", stop.Token));
                    }
                }
                await Task.Delay(sending);
                killedAt = Stopwatch.GetTimestamp();
                await host.KillAsync();
                stop.Cancel();
                await Task.WhenAll(tasks).WaitAsync(HostProcess.Timeout);
                foreach (TcpChatClient client in clients)
                {
                    await client.DisposeAsync();
                }
            }

            foreach (string room in rooms)
            {
                List<(long Sequence, string Text)> stored = StoredTexts(_files.Database, room);
                Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), stored.Select(m => m.Sequence));
                string[] storedNow = stored.Select(m => m.Text).Where(t => t.StartsWith($"{round}:", StringComparison.Ordinal)).ToArray();
                string[] delivered = received[room].Select(r => r.Text).ToArray();
                int common = Math.Min(storedNow.Length, delivered.Length);
                Assert.True(
                    storedNow.AsSpan(0, common).SequenceEqual(delivered.AsSpan(0, common)),
                    $"round {round}, {room}: stored and delivered differ within their first {common} messages");
                int deliveredEarly = received[room].Count(r => Stopwatch.GetElapsedTime(r.At, killedAt) > slack);
                Assert.True(
                    storedNow.Length >= deliveredEarly,
                    $"round {round}, {room}: {storedNow.Length} stored, but {deliveredEarly} were delivered over {slack} before the kill");
                Assert.True(deliveredEarly > 0, $"round {round}, {room}: nothing was delivered over {slack} before the kill, {sending} after the start");
            }
        }
    }

    private static async Task<TcpChatClient> JoinAsync(int port, string name, string room)
    {
        TcpChatClient client = await TcpChatClient.LoginAsync(port, name);
        if (room != "lobby")
        {
            await client.SendLineAsync($"/join {room}");
            await client.ReadUntilAsync($"Joined room: {room}");
        }
        return client;
    }

    /// <summary>Records the round's messages in <paramref name="room"/> as they arrive, until the connection ends.</summary>
    private static async Task WatchAsync(TcpChatClient watcher, string room, int round, ConcurrentQueue<(string Text, long At)> into)
    {
        string prefix = $"{round}:{room}:";
        while (await watcher.ReadLineOrNullAsync() is { } line)
        {
            Match message = MessageLine().Match(line);
            if (message.Success && message.Groups["text"].Value.StartsWith(prefix, StringComparison.Ordinal))
            {
                into.Enqueue((message.Groups["text"].Value, Stopwatch.GetTimestamp()));
            }
        }
    }

    /// <summary>Sends numbered messages, about one a millisecond, until stopped or the host is gone.</summary>
    private static async Task SendAsync(TcpChatClient sender, string prefix, CancellationToken stop)
    {
        try
        {
            for (int n = 1; !stop.IsCancellationRequested; n++)
            {
                await sender.SendLineAsync($"{prefix}:{n}");
                await Task.Delay(1, stop);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Net.Sockets.SocketException or TimeoutException)
        {
            // stopped, or the host died under it: that is the test
        }
    }

    /// <summary>The history block replayed after a login or a join, its markers included.</summary>
    private static async Task<List<string>> ReadHistoryAsync(TcpChatClient client)
    {
        Assert.Equal(Start, await client.ReadLineAsync());
        List<string> block = [Start, .. await client.ReadUntilAsync(End), End];
        return block;
    }

    private static List<(long Sequence, string Text)> StoredTexts(string path, string roomKey)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT sequence, text FROM messages WHERE room_key = $room ORDER BY sequence";
        command.Parameters.AddWithValue("$room", roomKey);
        using SqliteDataReader rows = command.ExecuteReader();
        var messages = new List<(long, string)>();
        while (rows.Read())
        {
            messages.Add((rows.GetInt64(0), rows.GetString(1)));
        }
        return messages;
    }

    private static string[] Sqlite(string path) => ["--Chat:HistoryStore=Sqlite", $"--Chat:HistoryPath={path}"];

    [GeneratedRegex(@"^\[\d\d:\d\d\] \[[^\]]+\] [^:]+: (?<text>.*)$")]
    private static partial Regex MessageLine();
}
