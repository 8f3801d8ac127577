using Chat.Core;
using Chat.Tests.Support;

namespace Chat.Tests.Limits;

/// <summary>
/// PROTOCOL.md §4: every open connection counts, those at the name prompt too; past
/// MaxConnections a new one receives <c>Server is full. Try again later.</c> and is closed.
/// </summary>
public sealed class ConnectionLimitTests
{
    [Fact]
    public async Task ConnectionsPastTheLimitAreTurnedAway()
    {
        await using var server = new TestServer(TestServer.Options with { MaxConnections = 2 });
        await server.LoginAsync("alice");
        TestClient atPrompt = server.Connect("guest");
        await atPrompt.ReadExactAsync("Welcome! Enter your name: ");

        TestClient third = server.Connect("third");

        await third.ExpectLineAsync("Server is full. Try again later.");
        Assert.Equal(DisconnectReason.ServerFull, await third.ExpectClosedAsync());
        Assert.Equal(2, server.Server.ConnectionCount);
        await atPrompt.LoginAsyncAfterPrompt("bob"); // those already in are unaffected
    }

    [Fact]
    public async Task ASlotIsFreedWhenAConnectionEnds()
    {
        await using var server = new TestServer(TestServer.Options with { MaxConnections = 1 });
        TestClient alice = await server.LoginAsync("alice");
        TestClient refused = server.Connect("refused");
        await refused.ExpectLineAsync("Server is full. Try again later.");
        await refused.ExpectClosedAsync();

        await alice.SendLineAsync("/quit");
        await alice.ExpectLineAsync("Goodbye!");
        await alice.ExpectClosedAsync();

        await server.LoginAsync("bob");
    }
}
