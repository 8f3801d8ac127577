using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Chat.Tests.EndToEnd;

namespace Chat.Tests.Faults;

/// <summary>
/// Clients that break the rules of TCP or of the protocol, against the real host process over
/// real sockets: each must cost only itself, and the server must go on serving the others.
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class HostileClientFaultTests
{
    [Fact]
    public async Task A_client_that_resets_mid_write_leaves_the_chat_and_the_server_goes_on()
    {
        await using HostProcess host = await HostProcess.StartAsync("--Chat:RateLimitMessages=0");
        await using TcpChatClient watcher = await TcpChatClient.LoginAsync(host.Port, "watcher");
        TcpChatClient crasher = await TcpChatClient.LoginAsync(host.Port, "crasher");
        Assert.Equal("*** crasher joined lobby ***", await watcher.ReadLineAsync());

        // The server is in the middle of writing to it (far more replies than socket buffers
        // hold, none read) and it is in the middle of writing a line, when it resets.
        await crasher.SendAsync(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("/help\n", 2_000)) + "half a li"));
        crasher.Reset();

        // It left like any client that went away; the half line was no line and went nowhere.
        Assert.Equal("*** crasher left the chat ***", await watcher.ReadLineAsync());
        await using TcpChatClient again = await TcpChatClient.LoginAsync(host.Port, "crasher");
        Assert.Equal("*** crasher joined lobby ***", await watcher.ReadLineAsync());
        await watcher.SendLineAsync("/list");
        Assert.Equal("Online users: crasher (lobby), watcher (lobby)", await watcher.ReadLineAsync());
        HostOutput.AssertNoErrors(host);
    }

    [Fact]
    public async Task A_client_that_half_closes_after_sending_still_gets_every_queued_reply()
    {
        await using HostProcess host = await HostProcess.StartAsync("--Chat:RateLimitMessages=0");
        await using TcpChatClient watcher = await TcpChatClient.LoginAsync(host.Port, "watcher");
        await using TcpChatClient client = await TcpChatClient.ConnectAsync(host.Port);
        await client.ExpectAsync("Welcome! Enter your name: ");

        // Everything at once, then FIN: more replies than the socket buffers hold wait in its outbox.
        const int Helps = 300;
        await client.SendAsync(Encoding.UTF8.GetBytes(
            "halfway\n/list\n/rooms\nsent before the FIN\n" + string.Concat(Enumerable.Repeat("/help\n", Helps))));
        client.ShutdownSend();

        Assert.Equal("Hello, halfway! You can start chatting. Type /help for commands.", await client.ReadLineAsync());
        Assert.Equal("Online users: halfway (lobby), watcher (lobby)", await client.ReadLineAsync());
        Assert.Equal("Rooms:", await client.ReadLineAsync());
        Assert.Equal("  lobby (2 users)", await client.ReadLineAsync());
        var help = new List<string> { await client.ReadLineAsync() };
        Assert.Equal("Commands:", help[0]);
        for (string line = await client.ReadLineAsync(); line.StartsWith("  /"); line = await client.ReadLineAsync())
        {
            help.Add(line);
            if (help.Count == 10)
            {
                break; // the eight commands of PROTOCOL.md §3 and the // escape
            }
        }
        Assert.Equal(10, help.Count);
        for (int i = 1; i < Helps; i++)
        {
            foreach (string expected in help)
            {
                Assert.Equal(expected, await client.ReadLineAsync());
            }
        }
        await client.ExpectClosedAsync();

        Assert.Equal("*** halfway joined lobby ***", await watcher.ReadLineAsync());
        Assert.Matches(@"^\[\d\d:\d\d\] \[lobby\] halfway: sent before the FIN$", await watcher.ReadLineAsync());
        Assert.Equal("*** halfway left the chat ***", await watcher.ReadLineAsync());
        HostOutput.AssertNoErrors(host);
    }

    [Fact]
    public async Task A_slowloris_trickling_a_byte_a_second_at_the_prompt_is_timed_out_on_time()
    {
        await using HostProcess host = await HostProcess.StartAsync("--Chat:LoginTimeout=00:00:02");
        var clock = Stopwatch.StartNew();
        await using TcpChatClient loris = await TcpChatClient.ConnectAsync(host.Port);
        await loris.ExpectAsync("Welcome! Enter your name: ");

        // One byte a second of a name that never ends; at most ten, and none once the server has closed.
        int sent = 0;
        using var stop = new CancellationTokenSource();
        Task trickle = Task.Run(async () =>
        {
            for (int i = 0; i < 10 && !stop.IsCancellationRequested; i++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stop.Token).ContinueWith(_ => { });
                if (stop.IsCancellationRequested)
                {
                    break;
                }
                try
                {
                    await loris.SendAsync("x"u8.ToArray());
                    Interlocked.Increment(ref sent);
                }
                catch (SocketException)
                {
                    break; // closed under it
                }
            }
        });

        Assert.Equal("Timed out.", await loris.ReadLineAsync());
        TimeSpan timedOut = clock.Elapsed;
        int sentBefore = Volatile.Read(ref sent);
        await loris.ExpectClosedAsync();
        stop.Cancel();
        await trickle.WaitAsync(TcpChatClient.Timeout);

        Assert.True(sentBefore >= 1, "the client never trickled before the timeout");
        Assert.InRange(timedOut, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(4));
        await using TcpChatClient next = await TcpChatClient.LoginAsync(host.Port, "next");
        HostOutput.AssertNoErrors(host);
    }

    [Fact]
    public async Task A_flooder_is_rate_limited_and_does_not_stall_anyone_else()
    {
        await using HostProcess host = await HostProcess.StartAsync(); // 5 lines a second, the default
        await using TcpChatClient listener = await TcpChatClient.LoginAsync(host.Port, "listener");
        await using TcpChatClient talker = await TcpChatClient.LoginAsync(host.Port, "talker");
        await using TcpChatClient flooder = await TcpChatClient.LoginAsync(host.Port, "flooder");
        Assert.Equal("*** talker joined lobby ***", await listener.ReadLineAsync());
        Assert.Equal("*** flooder joined lobby ***", await listener.ReadLineAsync());
        Assert.Equal("*** flooder joined lobby ***", await talker.ReadLineAsync());

        // The flooder reads what it is sent, so it is never dropped as too slow: it is only refused.
        int refused = 0;
        Task flooderReads = Task.Run(async () =>
        {
            for (string? line; (line = await flooder.ReadLineOrNullAsync()) is not null;)
            {
                if (line == "Rate limit exceeded. Slow down.")
                {
                    Interlocked.Increment(ref refused);
                }
            }
        });
        var floodTime = TimeSpan.FromSeconds(3);
        int flooded = 0;
        Task flood = Task.Run(async () =>
        {
            var clock = Stopwatch.StartNew();
            // About 5,000 lines a second for three seconds. The cap keeps the refusals it is sent
            // (32 bytes each) well under its 1 MiB outbox, so the flooder is only ever refused.
            while (clock.Elapsed < floodTime && flooded < 20_000)
            {
                var batch = new StringBuilder();
                for (int i = 0; i < 50; i++)
                {
                    batch.Append("flood ").Append(flooded++).Append('\n');
                }
                await flooder.SendAsync(Encoding.UTF8.GetBytes(batch.ToString()));
                await Task.Delay(10); // the flood's pace
            }
        });

        // Meanwhile the talker says something every 300 ms, within its own limit, and the
        // listener must hear each line promptly and in order, among the flooder's few.
        var sentAt = new Dictionary<int, TimeSpan>();
        var latencies = new List<TimeSpan>();
        int heardFromFlooder = 0;
        var since = Stopwatch.StartNew();
        Task listening = Task.Run(async () =>
        {
            int next = 0;
            while (next < 10)
            {
                string line = await listener.ReadLineAsync();
                if (line.Contains("] flooder: flood "))
                {
                    heardFromFlooder++;
                    continue;
                }
                Assert.Matches($@"^\[\d\d:\d\d\] \[lobby\] talker: tick {next}$", line);
                lock (sentAt)
                {
                    latencies.Add(since.Elapsed - sentAt[next]);
                }
                next++;
            }
        });
        for (int tick = 0; tick < 10; tick++)
        {
            lock (sentAt)
            {
                sentAt[tick] = since.Elapsed;
            }
            await talker.SendLineAsync($"tick {tick}");
            await Task.Delay(300); // the talker's own pace, not a wait for the server
        }
        await listening.WaitAsync(TcpChatClient.Timeout);
        await flood.WaitAsync(TcpChatClient.Timeout);
        Assert.All(latencies, l => Assert.True(l < TimeSpan.FromSeconds(1), $"a talker line took {l.TotalMilliseconds:F0} ms"));

        // /quit is never refused, and is handled after every flood line: once the listener hears
        // the flooder leave, each of its lines was either delivered or refused, exactly once.
        await flooder.SendLineAsync("/quit");
        await flooderReads.WaitAsync(TcpChatClient.Timeout);
        foreach (string line in await listener.ReadUntilAsync("*** flooder left the chat ***"))
        {
            Assert.Contains("] flooder: flood ", line);
            heardFromFlooder++;
        }
        TimeSpan flooding = since.Elapsed;
        Assert.True(refused > 0, "the flooder was never told to slow down");
        Assert.Equal(flooded, heardFromFlooder + refused);
        // Five lines in any second: the accepted ones are few, whatever the flood.
        Assert.InRange(heardFromFlooder, 5, 5 * ((int)flooding.TotalSeconds + 2));

        // The talker, within its limit, was never refused: a refusal would come before this reply.
        await talker.SendLineAsync("/who");
        List<string> beforeReply = await talker.ReadUntilAsync("Users in lobby: listener, talker");
        Assert.DoesNotContain("Rate limit exceeded. Slow down.", beforeReply);
        HostOutput.AssertNoErrors(host);
    }
}
