using System.IO.Pipelines;
using Chat.Core;
using Chat.Tests.Support;

namespace Chat.Tests.Observability;

/// <summary>
/// The <c>Chat</c> meter counts what happened, exactly: a login per accepted name, a message
/// per line said or sent privately, and a delivery per recipient it was handed to.
/// </summary>
public sealed class ChatMetricsTests
{
    private static readonly (string, object)[] LineDoor = [("chat.door", "line"), ("chat.tls", false)];

    [Fact]
    public async Task LoginsMessagesAndDeliveriesAreCountedExactly()
    {
        using var metrics = new MetricsRecorder();
        await using var server = new TestServer(metrics: new ChatMetrics(metrics.Factory));
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);
        TestClient carol = await server.LoginAsync("carol", alice, bob);
        Assert.Equal(3, metrics.Sum("chat.active_connections", LineDoor));

        for (int i = 0; i < 4; i++)
        {
            await alice.SendLineAsync($"m{i}"); // two recipients each
        }
        await SyncAsync(alice);
        await bob.SendLineAsync("/me waves"); // two
        await SyncAsync(bob);
        await carol.SendLineAsync("/msg alice psst"); // one
        await SyncAsync(carol);

        Assert.Equal(3, metrics.Sum("chat.logins"));
        Assert.Equal(6, metrics.Sum("chat.messages.received"));
        Assert.Equal(4 * 2 + 2 + 1, metrics.Sum("chat.deliveries"));
        await alice.SendLineAsync("/quit");
        await alice.DrainUntilClosedAsync();
        await alice.Connection.DefaultTimeout();
        Assert.Equal(2, metrics.Sum("chat.active_connections", LineDoor));
    }

    [Fact]
    public async Task LinesOverTheRateAreCountedAsPacedOrRefused()
    {
        var second = TimeSpan.FromSeconds(1);
        using var metrics = new MetricsRecorder();
        await using var server = new TestServer(
            TestServer.Options with { RateLimitMessages = 1, RateLimitWindow = second, RateLimitBurst = 1 }, metrics: new ChatMetrics(metrics.Factory));
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        // m1 within the rate, m2 waits its turn (the burst of one), m3 past the burst is refused.
        await alice.SendRawAsync("m1\nm2\nm3\n"u8.ToArray());
        await bob.ExpectLineAsync("[14:02] [lobby] alice: m1");
        await server.Time.WaitForTimerAsync(second);
        server.Time.Advance(second);
        await bob.ExpectLineAsync("[14:02] [lobby] alice: m2");
        await alice.ExpectLineAsync("Rate limit exceeded. Slow down.");

        Assert.Equal(1, metrics.Sum("chat.rate_limited", ("chat.rate_limit.action", "paced")));
        Assert.Equal(1, metrics.Sum("chat.rate_limited", ("chat.rate_limit.action", "refused")));
        Assert.Equal(2, metrics.Sum("chat.messages.received"));
    }

    [Fact]
    public async Task AClientDroppedForReadingTooSlowlyIsCounted()
    {
        using var metrics = new MetricsRecorder();
        await using var server = new TestServer(TestServer.Options with { OutboxBytes = 4096 }, metrics: new ChatMetrics(metrics.Factory));
        // Alice's transport takes about 1 KiB before the server's writes to it wait; she never reads.
        TestClient alice = server.Connect("alice", fromServer: new PipeOptions(pauseWriterThreshold: 1024, resumeWriterThreshold: 512, useSynchronizationContext: false));
        await alice.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        for (int i = 0; i < 40; i++) // 16 KiB for alice
        {
            await bob.SendLineAsync(new string('x', 400));
        }
        Assert.Equal(DisconnectReason.TooSlow, await alice.Connection.DefaultTimeout());

        Assert.Equal(1, metrics.Sum("chat.outbox.drops"));
    }

    /// <summary>Returns once everything <paramref name="client"/> sent before has been handled.</summary>
    private static async Task SyncAsync(TestClient client)
    {
        await client.SendLineAsync("/who");
        while (!(await client.ReadLineAsync()).StartsWith("Users in lobby: ", StringComparison.Ordinal))
        {
        }
    }
}
