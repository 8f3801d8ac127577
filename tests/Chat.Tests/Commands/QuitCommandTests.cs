using Chat.Core;
using Chat.Tests.Support;

namespace Chat.Tests.Commands;

/// <summary>PROTOCOL.md §3: <c>/quit</c> answers <c>Goodbye!</c> and the server closes; the room hears <c>*** alice left the chat ***</c>.</summary>
public sealed class QuitCommandTests
{
    [Theory]
    [InlineData("/quit")]
    [InlineData("/QUIT")]
    public async Task QuitSaysGoodbyeClosesAndTellsTheRoom(string line)
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendLineAsync(line);

        await alice.ExpectLineAsync("Goodbye!");
        Assert.Equal(DisconnectReason.Quit, await alice.ExpectClosedAsync());
        await bob.ExpectLineAsync("*** alice left the chat ***");
        await bob.SendLineAsync("/list");
        await bob.ExpectLineAsync("Online users: bob (lobby)");
        Assert.Equal(1, server.Server.ConnectionCount);
    }

    [Fact]
    public async Task OnlyTheRoomTheUserWasInHearsOfIt()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);
        await alice.JoinAsync("dev");
        await bob.ExpectLineAsync("*** alice left to dev ***");
        TestClient carol = await server.LoginAsync("carol", bob);
        await carol.JoinAsync("dev");
        await alice.ExpectLineAsync("*** carol joined dev ***");
        await bob.ExpectLineAsync("*** carol left to dev ***");

        await alice.SendLineAsync("/quit");

        await alice.ExpectLineAsync("Goodbye!");
        await alice.ExpectClosedAsync();
        await carol.ExpectLineAsync("*** alice left the chat ***");
        await bob.ExpectNothingPendingAsync();
    }
}
