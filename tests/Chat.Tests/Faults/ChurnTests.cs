using System.Diagnostics;
using System.Text.RegularExpressions;
using Chat.Tests.EndToEnd;

namespace Chat.Tests.Faults;

/// <summary>
/// A thousand clients connect, log in and drop, every way a client can, while a room chats:
/// the chat loses nothing and reorders nothing for those who stay, and afterwards the server is
/// as it was, with no user, room or connection slot left behind.
/// </summary>
[Collection(LoadCollection.Name)]
public sealed partial class ChurnTests
{
    private const int Churners = 1_000;
    private const int AtOnce = 40;
    private const int Stable = 4;

    // Every open connection counts against this, so a session that never let go of its slot
    // would show at the end as a refused connection.
    private const int MaxConnections = 300;

    private enum Exit { Quit, JoinThenFin, Reset, PromptOnly, JoinThenQuit }

    [Fact]
    public async Task A_thousand_clients_come_and_go_while_a_room_chats_and_the_server_ends_as_it_began()
    {
        FileLimit.EnsureAtLeast(4_096);
        await using HostProcess host = await HostProcess.StartAsync(
            "--Chat:RateLimitMessages=0", "--Chat:MaxConnectionsPerIp=0", $"--Chat:MaxConnections={MaxConnections}",
            "--Logging:LogLevel:Default=Warning");
        var stable = new List<LineLog>();
        for (int i = 0; i < Stable; i++)
        {
            stable.Add(new LineLog(await TcpChatClient.LoginAsync(host.Port, $"s{i}")));
        }
        LineLog watcher = stable[0];
        await watcher.WaitForAsync(l => l == $"*** s{Stable - 1} joined lobby ***");
        List<string> usersBefore = await watcher.AskAsync("/list");
        List<string> roomsBefore = await watcher.AskAsync("/rooms");
        Assert.Equal(["Online users: s0 (lobby), s1 (lobby), s2 (lobby), s3 (lobby)"], usersBefore);
        Assert.Equal(["Rooms:", "  lobby (4 users)"], roomsBefore);

        // The room chats for as long as the churn lasts: each stable client numbers its lines.
        using var churnDone = new CancellationTokenSource();
        var posted = new int[Stable];
        Task[] posters = Enumerable.Range(0, Stable).Select(i => Task.Run(async () =>
        {
            while (!churnDone.IsCancellationRequested && posted[i] < 2_000)
            {
                await stable[i].Client.SendLineAsync($"s{i} #{posted[i]}");
                posted[i]++;
                await Task.Delay(10); // the room's pace of talk
            }
        })).ToArray();

        var clock = Stopwatch.StartNew();
        int next = -1;
        var loggedOutInLobby = new List<string>();
        Task[] workers = Enumerable.Range(0, AtOnce).Select(_ => Task.Run(async () =>
        {
            for (int n; (n = Interlocked.Increment(ref next)) < Churners;)
            {
                if (await ChurnAsync(host.Port, n))
                {
                    lock (loggedOutInLobby)
                    {
                        loggedOutInLobby.Add($"c{n}");
                    }
                }
            }
        })).ToArray();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromMinutes(2));
        TimeSpan churnTime = clock.Elapsed;
        churnDone.Cancel();
        await Task.WhenAll(posters).WaitAsync(TcpChatClient.Timeout);

        // Those who left from the lobby without waiting for the server are gone once the lobby
        // has heard them go; the others waited for the server's close, which comes after.
        foreach (string name in loggedOutInLobby)
        {
            await watcher.WaitForAsync(l => l == $"*** {name} left the chat ***");
        }

        // Every line a stable client posted reached every other stable client, once, in order.
        for (int i = 0; i < Stable; i++)
        {
            for (int j = 0; j < Stable; j++)
            {
                if (i != j && posted[j] > 0)
                {
                    await stable[i].WaitForAsync(l => l.EndsWith($"] s{j}: s{j} #{posted[j] - 1}"));
                }
            }
            List<string> seen = stable[i].Snapshot();
            for (int j = 0; j < Stable; j++)
            {
                List<int> numbers = seen.Select(l => Numbered().Match(l)).Where(m => m.Success && m.Groups[1].Value == $"s{j}")
                    .Select(m => int.Parse(m.Groups[2].Value)).ToList();
                Assert.Equal(i == j ? Enumerable.Empty<int>() : Enumerable.Range(0, posted[j]), numbers);
            }
        }
        Assert.True(posted.Min() >= 10, $"the room hardly chatted during the churn ({string.Join(", ", posted)} lines in {churnTime})");

        Assert.Equal(usersBefore, await watcher.AskAsync("/list"));
        Assert.Equal(roomsBefore, await watcher.AskAsync("/rooms"));

        // Every slot a churner held was given back: the rest of the server's slots all open.
        var probes = new List<TcpChatClient>();
        try
        {
            for (int i = 0; i < MaxConnections - Stable; i++)
            {
                probes.Add(await TcpChatClient.ConnectAsync(host.Port));
            }
            foreach (TcpChatClient probe in probes)
            {
                Assert.Equal("Welcome! Enter your name: ", await probe.ReadPromptOrLineAsync());
            }
        }
        finally
        {
            foreach (TcpChatClient probe in probes)
            {
                await probe.DisposeAsync();
            }
        }
        foreach (LineLog log in stable)
        {
            await log.Client.DisposeAsync();
        }
        HostOutput.AssertNoErrors(host);
    }

    /// <summary>One client's whole visit; true when it left from the lobby without waiting to see the server close.</summary>
    private static async Task<bool> ChurnAsync(int port, int n)
    {
        string name = $"c{n}";
        var exit = (Exit)(n % 5);
        await using TcpChatClient client = exit == Exit.PromptOnly
            ? await TcpChatClient.ConnectAsync(port)
            : await TcpChatClient.LoginAsync(port, name);
        switch (exit)
        {
            case Exit.Quit:
                await client.SendLineAsync("/quit");
                await client.ReadUntilAsync("Goodbye!");
                await client.ExpectClosedAsync();
                return false;
            case Exit.JoinThenFin:
                // Rooms churn0..6 here, Churn0..2 below: the same name ignoring case, spelled as first created.
                await client.SendLineAsync($"/join churn{n % 7}");
                while (!string.Equals(await client.ReadLineAsync(), $"Joined room: churn{n % 7}", StringComparison.OrdinalIgnoreCase))
                {
                }
                client.ShutdownSend();
                while (await client.ReadLineOrNullAsync() is not null)
                {
                    // What its room said meanwhile; the server closes once it has let go of it.
                }
                return false;
            case Exit.Reset:
                client.Reset();
                return true;
            case Exit.PromptOnly:
                await client.ExpectAsync("Welcome! Enter your name: ");
                if (n % 2 == 0)
                {
                    client.Reset();
                }
                return false;
            default:
                await client.SendLineAsync($"/join Churn{n % 3}");
                await client.SendLineAsync("/quit");
                await client.ReadUntilAsync("Goodbye!");
                while (await client.ReadLineOrNullAsync() is not null)
                {
                }
                return false;
        }
    }

    [GeneratedRegex(@"^\[\d\d:\d\d\] \[lobby\] (s\d): s\d #(\d+)$")]
    private static partial Regex Numbered();
}
