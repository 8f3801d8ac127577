using Chat.Core;
using Chat.Tests.Support;

namespace Chat.Tests.Lifecycle;

/// <summary>PROTOCOL.md §3: a user who disconnects without <c>/quit</c> is announced as one who quit.</summary>
public sealed class DisconnectTests
{
    [Fact]
    public async Task ClosingWithoutQuitIsAnnouncedTheSameWay()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.CloseAsync();

        Assert.Equal(DisconnectReason.Closed, await alice.ExpectClosedAsync());
        await bob.ExpectLineAsync("*** alice left the chat ***");
        await bob.SendLineAsync("/list");
        await bob.ExpectLineAsync("Online users: bob (lobby)");
    }

    [Fact]
    public async Task TheLastMemberDisconnectingTakesTheRoomAway()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        await alice.JoinAsync("dev");
        TestClient bob = await server.LoginAsync("bob");

        await alice.CloseAsync();
        await alice.ExpectClosedAsync();

        await bob.SendLineAsync("/rooms");
        await bob.ExpectLinesAsync("Rooms:", "  lobby (1 user)");
        Assert.Equal(1, server.Server.Directory.RoomCount);
    }

    [Fact]
    public async Task ADisconnectedUsersNameIsFreeAgain()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        await alice.CloseAsync();
        await alice.ExpectClosedAsync();

        await server.LoginAsync("Alice");
    }
}
