using Chat.Tests.Support;

namespace Chat.Tests.Commands;

/// <summary>
/// PROTOCOL.md §3: <c>/join &lt;room&gt;</c> answers <c>Joined room: dev</c>; the old room hears
/// <c>*** alice left to dev ***</c>, the new one <c>*** alice joined dev ***</c>. Room names
/// follow the user-name rules, match ignoring case or else by look-alike, and keep their
/// creator's spelling.
/// </summary>
public sealed class JoinCommandTests
{
    private const string InvalidRoom = "Invalid room name. Use 1-20 letters, digits, '_' or '-'.";

    [Fact]
    public async Task JoiningMovesTheUserAndTellsBothRooms()
    {
        await using var server = new TestServer();
        TestClient carol = await server.LoginAsync("carol");
        await carol.JoinAsync("dev");
        TestClient dave = await server.LoginAsync("dave");
        await dave.JoinAsync("ops");
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendLineAsync("/join dev");

        await alice.ExpectLineAsync("Joined room: dev");
        await bob.ExpectLineAsync("*** alice left to dev ***");
        await carol.ExpectLineAsync("*** alice joined dev ***");
        await alice.SendLineAsync("/who");
        await alice.ExpectLineAsync("Users in dev: alice, carol");
        await dave.ExpectNothingPendingAsync();
        await bob.ExpectNothingPendingAsync();
        await carol.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task JoiningANewRoomCreatesIt()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");

        await alice.SendLineAsync("/join Dev-2_x");

        await alice.ExpectLineAsync("Joined room: Dev-2_x");
        await alice.SendLineAsync("/rooms");
        await alice.ExpectLinesAsync("Rooms:", "  Dev-2_x (1 user)", "  lobby (0 users)");
    }

    [Fact]
    public async Task ARoomIsMatchedIgnoringCaseAndShownAsItsCreatorSpelledIt()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        await alice.JoinAsync("Dev");
        TestClient bob = await server.LoginAsync("bob");

        await bob.SendLineAsync("/join DEV");

        await bob.ExpectLineAsync("Joined room: Dev");
        await alice.ExpectLineAsync("*** bob joined Dev ***");
    }

    [Theory]
    [InlineData("d\u0435v")]    // Cyrillic е
    [InlineData("D\u0415V")]    // Cyrillic Е, and another case
    [InlineData("\uFF44ev")]    // fullwidth ｄ
    public async Task ARoomThatLooksLikeOneThatExistsIsThatRoom(string lookAlike)
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        await alice.JoinAsync("dev");
        TestClient bob = await server.LoginAsync("bob");

        await bob.SendLineAsync($"/join {lookAlike}");

        await bob.ExpectLineAsync("Joined room: dev");
        await alice.ExpectLineAsync("*** bob joined dev ***");
        await bob.SendLineAsync($"/join {lookAlike}");
        await bob.ExpectLineAsync("You are already in dev.");
        Assert.Equal(2, server.Server.Directory.RoomCount);
    }

    [Fact]
    public async Task ARoomMatchingOneIgnoringCaseIsPreferredToALookAlike()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        await alice.JoinAsync("ian");
        TestClient bob = await server.LoginAsync("bob");
        await bob.JoinAsync("lan"); // not a look-alike of ian as spelled, so a room of its own
        TestClient carol = await server.LoginAsync("carol");

        await carol.SendLineAsync("/join Ian"); // ian ignoring case, and a look-alike of lan

        await carol.ExpectLineAsync("Joined room: ian");
        await alice.ExpectLineAsync("*** carol joined ian ***");
        await bob.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task ARoomNameIsNormalisedToNfc()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        await alice.SendLineAsync("/join Cafe\u0301");
        await alice.ExpectLineAsync("Joined room: Caf\u00E9");
        TestClient bob = await server.LoginAsync("bob");

        await bob.SendLineAsync("/join caf\u00E9");

        await bob.ExpectLineAsync("Joined room: Caf\u00E9");
        await alice.ExpectLineAsync("*** bob joined Caf\u00E9 ***");
    }

    [Theory]
    [InlineData("/join")]
    [InlineData("/join   ")]
    [InlineData("/JOIN\t")]
    public async Task JoinWithoutARoomShowsItsUsage(string line)
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");

        await alice.SendLineAsync(line);

        await alice.ExpectLineAsync("Usage: /join <room>");
        await alice.ExpectNothingPendingAsync();
    }

    [Theory]
    [InlineData("a b")]                    // one room named "a b", which is invalid
    [InlineData("dev ops")]
    [InlineData("bad!")]
    [InlineData("#general")]
    [InlineData("😀")]
    [InlineData("abcdefghijklmnopqrstu")]  // 21 runes
    public async Task AnInvalidRoomNameIsRefused(string room)
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendLineAsync($"/join {room}");

        await alice.ExpectLineAsync(InvalidRoom);
        await alice.SendLineAsync("/who");
        await alice.ExpectLineAsync("Users in lobby: alice, bob"); // still in the lobby
        await bob.ExpectNothingPendingAsync();
        Assert.Equal(1, server.Server.Directory.RoomCount);
    }

    [Fact]
    public async Task ARoomNameOfTwentyRunesIsValid()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");

        await alice.JoinAsync("abcdefghijklmnopqrst");
    }

    [Theory]
    [InlineData("lobby")]
    [InlineData("LOBBY")]
    public async Task JoiningTheLobbyFromTheLobbyIsAnError(string room)
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendLineAsync($"/join {room}");

        await alice.ExpectLineAsync("You are already in lobby.");
        await alice.ExpectNothingPendingAsync();
        await bob.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task JoiningTheSameRoomAgainNamesItAsItsCreatorSpelledIt()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        await alice.JoinAsync("Dev");
        TestClient bob = await server.LoginAsync("bob");
        await bob.SendLineAsync("/join dev");
        await bob.ExpectLineAsync("Joined room: Dev");
        await alice.ExpectLineAsync("*** bob joined Dev ***");

        await bob.SendLineAsync("/join dev");

        await bob.ExpectLineAsync("You are already in Dev.");
        await bob.ExpectNothingPendingAsync();
        await alice.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task TheJoiningUserGetsNoNoticeOfItsOwn()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");

        await alice.JoinAsync("dev");
        await alice.JoinAsync("lobby");

        await alice.ExpectNothingPendingAsync();
    }
}
