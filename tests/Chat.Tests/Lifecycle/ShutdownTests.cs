using Chat.Core;
using Chat.Tests.Support;

namespace Chat.Tests.Lifecycle;

/// <summary>
/// PROTOCOL.md §5, the Core's part: shutting down tells every connection, those at the name
/// prompt too, <c>*** Server is shutting down ***</c> and closes each one.
/// </summary>
public sealed class ShutdownTests
{
    private const string ShuttingDown = "*** Server is shutting down ***";

    [Fact]
    public async Task EveryoneIsToldAndEveryConnectionEnds()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);
        await bob.JoinAsync("dev");
        await alice.ExpectLineAsync("*** bob left to dev ***");
        TestClient guest = server.Connect("guest");
        await guest.ReadExactAsync("Welcome! Enter your name: ");
        TestClient retrying = server.Connect("retrying");
        await retrying.ReadExactAsync("Welcome! Enter your name: ");
        await retrying.SendLineAsync("bad name");
        await retrying.ExpectLineAsync("Invalid name. Use 1-20 letters, digits, '_' or '-'.");
        await retrying.ReadExactAsync("Enter your name: ");

        await server.Server.ShutdownAsync().DefaultTimeout();

        foreach (TestClient client in new[] { alice, bob, guest, retrying })
        {
            await client.ExpectLineAsync(ShuttingDown);
            Assert.Equal(DisconnectReason.Shutdown, await client.ExpectClosedAsync());
        }
        Assert.Equal(0, server.Server.ConnectionCount);
        Assert.Equal(0, server.Server.Directory.UserCount);
    }

    [Fact]
    public async Task ShutdownWithNoConnectionsCompletes()
    {
        await using var server = new TestServer();

        await server.Server.ShutdownAsync().DefaultTimeout();
    }
}
