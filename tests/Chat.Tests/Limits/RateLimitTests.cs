using System.Text;
using Chat.Core;
using Chat.Tests.Support;

namespace Chat.Tests.Limits;

/// <summary>
/// PROTOCOL.md §4: at most RateLimitMessages lines per RateLimitWindow per user, a sliding
/// window over the lines accepted after login, whatever they then do; empty and dropped lines
/// do not count. A line over the rate waits its turn in the sender's input, for at most
/// RateLimitBurst lines in a row (counted again once the input has run dry); past that, or
/// with a burst of 0 as in v1: <c>Rate limit exceeded. Slow down.</c> and the line is dropped.
/// <c>/quit</c> is always allowed; a rate of 0 turns the limit off.
/// </summary>
public sealed class RateLimitTests
{
    private const string RateLimited = "Rate limit exceeded. Slow down.";
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    /// <summary>v1's limit: every line over the rate refused at once.</summary>
    private static readonly ChatOptions FivePerSecond = TestServer.Options with { RateLimitMessages = 5, RateLimitWindow = Second, RateLimitBurst = 0 };

    /// <summary>The default limit: a burst of 20 lines over the rate waits its turn.</summary>
    private static readonly ChatOptions Paced = FivePerSecond with { RateLimitBurst = new ChatOptions().RateLimitBurst };

    [Fact]
    public async Task TheSixthLineInASecondIsRefusedAndDropped()
    {
        await using var server = new TestServer(FivePerSecond);
        var (alice, bob) = await TwoUsersAsync(server);

        await SendAsync(alice, "m1", "m2", "m3", "m4", "m5", "m6");

        await alice.ExpectLineAsync(RateLimited);
        await ExpectReceivedAsync(bob, "m1", "m2", "m3", "m4", "m5");
        await bob.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task LinesPassAgainOnceTheWindowHasPassed()
    {
        await using var server = new TestServer(FivePerSecond);
        var (alice, bob) = await TwoUsersAsync(server);
        await SendAsync(alice, "m1", "m2", "m3", "m4", "m5", "m6");
        await alice.ExpectLineAsync(RateLimited);
        await ExpectReceivedAsync(bob, "m1", "m2", "m3", "m4", "m5");

        server.Time.Advance(TimeSpan.FromSeconds(1));
        await SendAsync(alice, "m7");

        await ExpectReceivedAsync(bob, "m7");
    }

    [Fact]
    public async Task TheWindowSlides()
    {
        await using var server = new TestServer(FivePerSecond);
        var (alice, bob) = await TwoUsersAsync(server);

        await SendAsync(alice, "a1", "a2", "a3");                // t = 0
        await ExpectReceivedAsync(bob, "a1", "a2", "a3");
        server.Time.Advance(TimeSpan.FromMilliseconds(500));
        await SendAsync(alice, "b1", "b2");                      // t = 0.5
        await ExpectReceivedAsync(bob, "b1", "b2");
        server.Time.Advance(TimeSpan.FromMilliseconds(600));

        // t = 1.1: the three lines of t = 0 have left the window, the two of t = 0.5 have not.
        await SendAsync(alice, "c1", "c2", "c3", "c4");
        await alice.ExpectLineAsync(RateLimited);
        await ExpectReceivedAsync(bob, "c1", "c2", "c3");
        server.Time.Advance(TimeSpan.FromMilliseconds(500));

        // t = 1.6: only the three of t = 1.1 are left in the window.
        await SendAsync(alice, "d1", "d2", "d3");
        await alice.ExpectLineAsync(RateLimited);
        await ExpectReceivedAsync(bob, "d1", "d2");
    }

    [Fact]
    public async Task CommandsCountAsLines()
    {
        await using var server = new TestServer(FivePerSecond);
        var (alice, bob) = await TwoUsersAsync(server);
        for (int i = 0; i < 5; i++)
        {
            await alice.SendLineAsync("/who");
            await alice.ExpectLineAsync("Users in lobby: alice, bob");
        }

        await SendAsync(alice, "hi", "/list");

        await alice.ExpectLinesAsync(RateLimited, RateLimited);
        await bob.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task LinesCountWhateverTheyThenDo()
    {
        await using var server = new TestServer(FivePerSecond);
        var (alice, bob) = await TwoUsersAsync(server);

        await SendAsync(alice, new string('a', 501), "/join", "/msg nobody hi", "/foo", "/join lobby", "hi");

        await alice.ExpectLinesAsync(
            "Message too long (max 500 characters).",
            "Usage: /join <room>",
            "User nobody not found.",
            "Unknown command: /foo. Type /help for help.",
            "You are already in lobby.",
            RateLimited);
        await bob.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task QuitIsAlwaysAllowed()
    {
        await using var server = new TestServer(FivePerSecond);
        var (alice, bob) = await TwoUsersAsync(server);
        await SendAsync(alice, "m1", "m2", "m3", "m4", "m5", "m6");
        await alice.ExpectLineAsync(RateLimited);

        await alice.SendLineAsync("/quit");

        await alice.ExpectLineAsync("Goodbye!");
        Assert.Equal(DisconnectReason.Quit, await alice.ExpectClosedAsync());
        await ExpectReceivedAsync(bob, "m1", "m2", "m3", "m4", "m5");
        await bob.ExpectLineAsync("*** alice left the chat ***");
    }

    [Fact]
    public async Task EmptyLinesDoNotCount()
    {
        await using var server = new TestServer(FivePerSecond);
        var (alice, bob) = await TwoUsersAsync(server);

        await SendAsync(alice, "", " ", "\t", "", "", "\u0007", "", "m1", "m2", "m3", "m4", "m5", "m6");

        await alice.ExpectLineAsync(RateLimited);
        await ExpectReceivedAsync(bob, "m1", "m2", "m3", "m4", "m5");
    }

    [Fact]
    public async Task DroppedOverLongLinesDoNotCount()
    {
        await using var server = new TestServer(FivePerSecond);
        var (alice, bob) = await TwoUsersAsync(server);
        byte[] overLong = Encoding.UTF8.GetBytes(new string('x', 5000) + "\n");
        for (int i = 0; i < 6; i++)
        {
            await alice.SendRawAsync(overLong);
        }

        await SendAsync(alice, "m1", "m2", "m3", "m4", "m5", "m6");

        await alice.ExpectLinesAsync([.. Enumerable.Repeat("Message too long (max 500 characters).", 6), RateLimited]);
        await ExpectReceivedAsync(bob, "m1", "m2", "m3", "m4", "m5");
    }

    [Fact]
    public async Task RefusedLinesDoNotCount()
    {
        await using var server = new TestServer(FivePerSecond);
        var (alice, bob) = await TwoUsersAsync(server);
        await SendAsync(alice, "a1", "a2", "a3", "a4", "a5");    // t = 0
        await ExpectReceivedAsync(bob, "a1", "a2", "a3", "a4", "a5");
        server.Time.Advance(TimeSpan.FromMilliseconds(500));
        await SendAsync(alice, "x1", "x2", "x3");                // t = 0.5, all refused
        await alice.ExpectLinesAsync(RateLimited, RateLimited, RateLimited);
        server.Time.Advance(TimeSpan.FromMilliseconds(600));

        await SendAsync(alice, "b1", "b2", "b3", "b4", "b5");    // t = 1.1: a full window again

        await ExpectReceivedAsync(bob, "b1", "b2", "b3", "b4", "b5");
    }

    [Fact]
    public async Task LinesAtTheNamePromptDoNotCount()
    {
        await using var server = new TestServer(FivePerSecond);
        TestClient bob = await server.LoginAsync("bob");
        TestClient alice = server.Connect("alice");
        await alice.ReadExactAsync("Welcome! Enter your name: ");
        for (int i = 0; i < 4; i++)
        {
            await alice.SendLineAsync("bad name");
            await alice.ExpectLineAsync("Invalid name. Use 1-20 letters, digits, '_' or '-'.");
            await alice.ReadExactAsync("Enter your name: ");
        }
        await alice.LoginAsyncAfterPrompt("alice");
        await bob.ExpectLineAsync("*** alice joined lobby ***");

        await SendAsync(alice, "m1", "m2", "m3", "m4", "m5", "m6");

        await alice.ExpectLineAsync(RateLimited);
        await ExpectReceivedAsync(bob, "m1", "m2", "m3", "m4", "m5");
    }

    [Fact]
    public async Task TheLimitIsPerUser()
    {
        await using var server = new TestServer(FivePerSecond);
        var (alice, bob) = await TwoUsersAsync(server);
        await SendAsync(alice, "m1", "m2", "m3", "m4", "m5", "m6");
        await alice.ExpectLineAsync(RateLimited);
        await ExpectReceivedAsync(bob, "m1", "m2", "m3", "m4", "m5");

        await SendAsync(bob, "n1", "n2", "n3", "n4", "n5");

        for (int i = 1; i <= 5; i++)
        {
            await alice.ExpectLineAsync($"[14:02] [lobby] bob: n{i}");
        }
    }

    [Fact]
    public async Task TheRateAndTheWindowAreSettings()
    {
        await using var server = new TestServer(FivePerSecond with { RateLimitMessages = 2, RateLimitWindow = TimeSpan.FromSeconds(10) });
        var (alice, bob) = await TwoUsersAsync(server);

        await SendAsync(alice, "m1", "m2", "m3");
        await alice.ExpectLineAsync(RateLimited);
        await ExpectReceivedAsync(bob, "m1", "m2");
        server.Time.Advance(TimeSpan.FromSeconds(9));
        await SendAsync(alice, "m4");
        await alice.ExpectLineAsync(RateLimited);
        server.Time.Advance(TimeSpan.FromSeconds(1));
        await SendAsync(alice, "m5");

        await ExpectReceivedAsync(bob, "m5");
    }

    [Fact]
    public async Task ARateOfZeroTurnsTheLimitOff()
    {
        await using var server = new TestServer(TestServer.Options with { RateLimitMessages = 0 });
        var (alice, bob) = await TwoUsersAsync(server);
        string[] many = Enumerable.Range(1, 100).Select(i => $"m{i}").ToArray();

        await SendAsync(alice, many);

        await ExpectReceivedAsync(bob, many);
        await alice.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task APasteOfEightLinesArrivesWholeAndInOrderPacedWhileOthersAreNotDelayed()
    {
        await using var server = new TestServer(Paced);
        var (alice, bob) = await TwoUsersAsync(server);
        TestClient carol = await server.LoginAsync("carol", alice, bob);

        await PasteAsync(alice, "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8");
        await ExpectReceivedAsync(bob, "m1", "m2", "m3", "m4", "m5");
        await server.Time.WaitForTimerAsync(Second); // the 6th waits for the window

        // Not delivered yet, and nobody else waits for it: carol's line comes first.
        await carol.SendLineAsync("meanwhile");
        await bob.ExpectLineAsync("[14:02] [lobby] carol: meanwhile");
        server.Time.Advance(Second);

        await ExpectReceivedAsync(bob, "m6", "m7", "m8");
        await alice.ExpectLineAsync("[14:02] [lobby] carol: meanwhile");
        await alice.ExpectNothingPendingAsync(); // nothing refused
    }

    [Fact]
    public async Task APasteOfTheRatePlusTheBurstArrivesWholeAtTheRate()
    {
        await using var server = new TestServer(Paced);
        var (alice, bob) = await TwoUsersAsync(server);
        string[] paste = Lines("m", 25);

        await PasteAsync(alice, paste);

        await ExpectPacedAsync(server, bob, paste[..25]);
        server.Time.Advance(Second); // a full window again for the check below
        await alice.ExpectNothingPendingAsync();
        await bob.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task PastTheBurstALineIsRefusedInItsTurn()
    {
        await using var server = new TestServer(Paced);
        var (alice, bob) = await TwoUsersAsync(server);
        string[] paste = Lines("m", 30);

        await PasteAsync(alice, paste);

        await ExpectPacedAsync(server, bob, paste[..25]);
        await alice.ExpectLinesAsync(RateLimited, RateLimited, RateLimited, RateLimited, RateLimited);
        server.Time.Advance(Second);
        await bob.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task TheBurstCountsAgainOnceTheInputHasRunDry()
    {
        await using var server = new TestServer(FivePerSecond with { RateLimitMessages = 1, RateLimitBurst = 2 });
        var (alice, bob) = await TwoUsersAsync(server);

        await PasteAsync(alice, "a1", "a2", "a3", "a4");
        await ExpectReceivedAsync(bob, "a1");
        for (int i = 2; i <= 3; i++)
        {
            await server.Time.WaitForTimerAsync(Second);
            server.Time.Advance(Second);
            await ExpectReceivedAsync(bob, $"a{i}");
        }
        await alice.ExpectLineAsync(RateLimited); // a4: the third line over the rate in a row

        // All handled, so the next paste is a new burst: its first two lines wait again.
        await PasteAsync(alice, "b1", "b2", "b3");
        for (int i = 1; i <= 2; i++)
        {
            await server.Time.WaitForTimerAsync(Second);
            server.Time.Advance(Second);
            await ExpectReceivedAsync(bob, $"b{i}");
        }
        await alice.ExpectLineAsync(RateLimited);
    }

    [Fact]
    public async Task ABurstOfZeroRefusesAtOnceAsV1Did()
    {
        await using var server = new TestServer(FivePerSecond);
        var (alice, bob) = await TwoUsersAsync(server);

        await PasteAsync(alice, "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8");

        await alice.ExpectLinesAsync(RateLimited, RateLimited, RateLimited);
        await ExpectReceivedAsync(bob, "m1", "m2", "m3", "m4", "m5");
        await bob.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task QuitBehindAPacedPasteTakesItsTurn()
    {
        await using var server = new TestServer(Paced);
        var (alice, bob) = await TwoUsersAsync(server);

        await PasteAsync(alice, "m1", "m2", "m3", "m4", "m5", "m6", "m7", "/quit");
        await ExpectReceivedAsync(bob, "m1", "m2", "m3", "m4", "m5");
        await server.Time.WaitForTimerAsync(Second);
        server.Time.Advance(Second);

        await ExpectReceivedAsync(bob, "m6", "m7");
        await bob.ExpectLineAsync("*** alice left the chat ***");
        await alice.ExpectLineAsync("Goodbye!");
        Assert.Equal(DisconnectReason.Quit, await alice.ExpectClosedAsync());
    }

    [Fact]
    public async Task ShutdownDoesNotWaitForAPacedPaste()
    {
        await using var server = new TestServer(Paced);
        var (alice, bob) = await TwoUsersAsync(server);
        await PasteAsync(alice, "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8");
        await ExpectReceivedAsync(bob, "m1", "m2", "m3", "m4", "m5");
        await server.Time.WaitForTimerAsync(Second);

        // The clock never moves again: only cancelling the wait can end alice's session.
        Task shutdown = server.Server.ShutdownAsync();

        await alice.ExpectLineAsync("*** Server is shutting down ***");
        await bob.ExpectLineAsync("*** Server is shutting down ***");
        Assert.Equal(DisconnectReason.Shutdown, await alice.ExpectClosedAsync());
        Assert.Equal(DisconnectReason.Shutdown, await bob.ExpectClosedAsync());
        await shutdown.DefaultTimeout();
    }

    [Fact]
    public async Task AClientThatClosesWhileItsPasteIsPacedStillHasItDelivered()
    {
        await using var server = new TestServer(Paced);
        var (alice, bob) = await TwoUsersAsync(server);
        await PasteAsync(alice, "m1", "m2", "m3", "m4", "m5", "m6", "m7");
        await ExpectReceivedAsync(bob, "m1", "m2", "m3", "m4", "m5");
        await server.Time.WaitForTimerAsync(Second);

        await alice.CloseAsync();
        server.Time.Advance(Second);

        await ExpectReceivedAsync(bob, "m6", "m7");
        await bob.ExpectLineAsync("*** alice left the chat ***");
    }

    private static string[] Lines(string prefix, int count) => Enumerable.Range(1, count).Select(i => $"{prefix}{i}").ToArray();

    /// <summary>Sends the lines in one write, as a terminal hands over a paste.</summary>
    private static Task PasteAsync(TestClient client, params string[] lines) =>
        client.SendRawAsync(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))));

    private static async Task<(TestClient Alice, TestClient Bob)> TwoUsersAsync(TestServer server)
    {
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);
        return (alice, bob);
    }

    private static async Task SendAsync(TestClient client, params string[] lines)
    {
        foreach (string line in lines)
        {
            await client.SendLineAsync(line);
        }
    }

    /// <summary>Five of <paramref name="paste"/> at once, then five a second as the fake clock moves.</summary>
    private static async Task ExpectPacedAsync(TestServer server, TestClient client, string[] paste)
    {
        await ExpectReceivedAsync(client, paste[..5]);
        for (int start = 5; start < paste.Length; start += 5)
        {
            await server.Time.WaitForTimerAsync(Second);
            server.Time.Advance(Second);
            await ExpectReceivedAsync(client, paste[start..(start + 5)]);
        }
    }

    private static async Task ExpectReceivedAsync(TestClient client, params string[] messages)
    {
        foreach (string message in messages)
        {
            await client.ExpectLineAsync($"[14:02] [lobby] alice: {message}");
        }
    }
}
