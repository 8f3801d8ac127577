using Chat.Tests.Support;

namespace Chat.Tests.Commands;

/// <summary>
/// PROTOCOL.md §3: <c>/rooms</c> answers <c>Rooms:</c> then <c>  name (N users)</c> a line,
/// sorted ignoring case, the lobby always listed, at most 100 rooms then <c>  and N more</c>.
/// </summary>
public sealed class RoomsCommandTests
{
    [Fact]
    public async Task RoomsListsEachRoomWithItsUserCount()
    {
        await using var server = new TestServer();
        TestClient carol = await server.LoginAsync("carol");
        await carol.JoinAsync("dev");
        TestClient alice = await server.LoginAsync("alice");
        await server.LoginAsync("bob", alice);
        await server.LoginAsync("dave", alice);

        await alice.SendLineAsync("/rooms");

        await alice.ExpectLinesAsync("Rooms:", "  dev (1 user)", "  lobby (3 users)");
        await alice.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task TheLobbyIsListedEvenWhenEmpty()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        await alice.JoinAsync("dev");

        await alice.SendLineAsync("/rooms");

        await alice.ExpectLinesAsync("Rooms:", "  dev (1 user)", "  lobby (0 users)");
        await alice.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task RoomsAreSortedIgnoringCase()
    {
        await using var server = new TestServer();
        foreach (string room in new[] { "beta", "Alpha", "Zulu", "_x", "9" })
        {
            TestClient member = await server.LoginAsync($"in{room}");
            await member.JoinAsync(room);
        }
        TestClient alice = await server.LoginAsync("alice");

        await alice.SendLineAsync("/rooms");

        await alice.ExpectLinesAsync("Rooms:", "  9 (1 user)", "  Alpha (1 user)", "  beta (1 user)", "  lobby (1 user)", "  Zulu (1 user)", "  _x (1 user)");
        await alice.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task ARoomDisappearsWhenItsLastMemberLeaves()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);
        await alice.JoinAsync("dev");
        await bob.ExpectLineAsync("*** alice left to dev ***");
        await bob.JoinAsync("dev");
        await alice.ExpectLineAsync("*** bob joined dev ***");
        Assert.Equal(2, server.Server.Directory.RoomCount);

        await bob.JoinAsync("lobby");
        await alice.ExpectLineAsync("*** bob left to lobby ***");
        await alice.SendLineAsync("/rooms");
        await alice.ExpectLinesAsync("Rooms:", "  dev (1 user)", "  lobby (1 user)");
        await alice.JoinAsync("lobby");

        await alice.SendLineAsync("/rooms");
        await alice.ExpectLinesAsync("Rooms:", "  lobby (2 users)");
        await alice.ExpectNothingPendingAsync();
        Assert.Equal(1, server.Server.Directory.RoomCount);
    }

    [Theory]
    [InlineData(99, null)]      // the lobby and 99 others: 100, all shown
    [InlineData(104, "  and 5 more")]
    public async Task AtMostAHundredRoomsAreShown(int otherRooms, string? last)
    {
        await using var server = new TestServer();
        for (int i = 0; i < otherRooms; i++)
        {
            // Each leaves the lobby before the next arrives, so nobody gets a notice.
            TestClient member = await server.LoginAsync($"r{i:D3}");
            await member.JoinAsync($"room{i:D3}");
        }
        TestClient alice = await server.LoginAsync("alice");

        await alice.SendLineAsync("/rooms");

        // "lobby" sorts before "room…": it and the first 99 rooms are shown.
        string[] shown = ["Rooms:", "  lobby (1 user)", .. Enumerable.Range(0, 99).Select(i => $"  room{i:D3} (1 user)")];
        await alice.ExpectLinesAsync(last is null ? shown : [.. shown, last]);
        await alice.ExpectNothingPendingAsync();
    }
}
