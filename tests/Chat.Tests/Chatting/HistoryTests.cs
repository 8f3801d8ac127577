using Chat.Tests.Support;

namespace Chat.Tests.Chatting;

/// <summary>
/// PROTOCOL.md §1–2: each room keeps its last HistorySize messages and /me lines (never
/// notices or private messages) and replays them to whoever joins, between
/// <c>=== Recent messages ===</c> and <c>=== End of history ===</c>.
/// </summary>
public sealed class HistoryTests
{
    private const string Start = "=== Recent messages ===";
    private const string End = "=== End of history ===";

    [Fact]
    public async Task TheLobbysHistoryIsReplayedAfterTheHelloLine()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        await alice.SendLineAsync("one");
        await alice.ExpectNothingPendingAsync(); // "one" is handled before the clock moves
        server.Time.Advance(TimeSpan.FromMinutes(5));
        await alice.SendLineAsync("two");
        await alice.ExpectNothingPendingAsync();
        server.Time.Advance(TimeSpan.FromHours(1));

        TestClient bob = await server.LoginAsync("bob");

        await bob.ExpectLinesAsync(Start, "[14:02] [lobby] alice: one", "[14:07] [lobby] alice: two", End);
        await bob.ExpectNothingPendingAsync();
        await alice.ExpectLineAsync("*** bob joined lobby ***");
    }

    [Fact]
    public async Task ARoomsHistoryIsReplayedAfterJoinedRoom()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        await alice.JoinAsync("dev");
        await alice.SendLineAsync("in dev");
        await alice.ExpectNothingPendingAsync();
        TestClient bob = await server.LoginAsync("bob");

        await bob.SendLineAsync("/join dev");

        await bob.ExpectLinesAsync("Joined room: dev", Start, "[14:02] [dev] alice: in dev", End);
        await bob.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task OnlyTheLastHistorySizeMessagesAreKept()
    {
        await using var server = new TestServer(TestServer.Options with { HistorySize = 3 });
        TestClient alice = await server.LoginAsync("alice");
        for (int i = 1; i <= 5; i++)
        {
            await alice.SendLineAsync($"m{i}");
        }
        await alice.ExpectNothingPendingAsync();

        TestClient bob = await server.LoginAsync("bob");

        await bob.ExpectLinesAsync(Start, "[14:02] [lobby] alice: m3", "[14:02] [lobby] alice: m4", "[14:02] [lobby] alice: m5", End);
        await bob.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task ByDefaultTheLastFiftyAreKept()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        for (int i = 1; i <= 51; i++)
        {
            await alice.SendLineAsync($"m{i}");
        }
        await alice.ExpectNothingPendingAsync();

        TestClient bob = await server.LoginAsync("bob");

        string[] expected = [Start, .. Enumerable.Range(2, 50).Select(i => $"[14:02] [lobby] alice: m{i}"), End];
        await bob.ExpectLinesAsync(expected);
        await bob.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task AHistorySizeOfZeroKeepsNone()
    {
        await using var server = new TestServer(TestServer.Options with { HistorySize = 0 });
        TestClient alice = await server.LoginAsync("alice");
        await alice.SendLineAsync("gone");
        await alice.SendLineAsync("/me waves");
        await alice.ExpectNothingPendingAsync();

        TestClient bob = await server.LoginAsync("bob");

        await bob.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task MeLinesAreHistory()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        await alice.SendLineAsync("/me waves");
        await alice.SendLineAsync("hi");
        await alice.ExpectNothingPendingAsync();

        TestClient bob = await server.LoginAsync("bob");

        await bob.ExpectLinesAsync(Start, "[14:02] [lobby] * alice waves", "[14:02] [lobby] alice: hi", End);
    }

    [Fact]
    public async Task NoticesAndPrivateMessagesAreNeverHistory()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);            // joined notice
        await alice.SendLineAsync("/msg bob psst");                        // private message
        await alice.ExpectLineAsync("[PM to bob]: psst");
        await bob.ExpectLineAsync("[PM from alice]: psst");
        await bob.JoinAsync("dev");                                        // left-to notice
        await alice.ExpectLineAsync("*** bob left to dev ***");
        await bob.JoinAsync("lobby");                                      // joined notice
        await alice.ExpectLineAsync("*** bob joined lobby ***");
        await bob.SendLineAsync("/quit");                                  // left-the-chat notice
        await bob.ExpectLineAsync("Goodbye!");
        await bob.ExpectClosedAsync();
        await alice.ExpectLineAsync("*** bob left the chat ***");
        await alice.SendLineAsync("the only message");
        await alice.ExpectNothingPendingAsync();

        TestClient carol = await server.LoginAsync("carol");

        await carol.ExpectLinesAsync(Start, "[14:02] [lobby] alice: the only message", End);
        await carol.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task AHistoryBelongsToItsRoom()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        await alice.JoinAsync("dev");
        await alice.SendLineAsync("in dev");
        await alice.ExpectNothingPendingAsync();

        TestClient bob = await server.LoginAsync("bob");

        await bob.ExpectNothingPendingAsync(); // the lobby has none
    }

    [Fact]
    public async Task ARoomsHistoryGoesWithTheRoomWhenItsLastMemberLeaves()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        await alice.JoinAsync("Dev");
        await alice.SendLineAsync("secret");
        await alice.JoinAsync("lobby");
        TestClient bob = await server.LoginAsync("bob", alice);

        await bob.SendLineAsync("/join dev");

        // A new room, spelled by its new creator, with no history.
        await bob.ExpectLineAsync("Joined room: dev");
        await bob.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task TheLobbyKeepsItsHistoryWhenEmpty()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        await alice.SendLineAsync("anyone?");
        await alice.SendLineAsync("/quit");
        await alice.ExpectLineAsync("Goodbye!");
        await alice.ExpectClosedAsync();

        TestClient bob = await server.LoginAsync("bob");

        await bob.ExpectLinesAsync(Start, "[14:02] [lobby] alice: anyone?", End);
    }
}
