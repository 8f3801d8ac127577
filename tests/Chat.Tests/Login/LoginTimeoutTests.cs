using Chat.Core;
using Chat.Tests.Support;

namespace Chat.Tests.Login;

/// <summary>
/// PROTOCOL.md §1: a connection that has not chosen a name within 60 s of connecting
/// (configurable) gets <c>Timed out.</c> and is closed, leaving no trace.
/// </summary>
public sealed class LoginTimeoutTests
{
    [Fact]
    public async Task SixtySecondsAtThePromptTimeOut()
    {
        await using var server = new TestServer();
        TestClient client = server.Connect();
        await client.ReadExactAsync("Welcome! Enter your name: ");

        server.Time.Advance(TimeSpan.FromSeconds(59));
        await client.ExpectNothingPendingAtPromptAsync();
        server.Time.Advance(TimeSpan.FromSeconds(1));

        await client.ExpectLineAsync("Timed out.");
        Assert.Equal(DisconnectReason.TimedOut, await client.ExpectClosedAsync());
    }

    [Fact]
    public async Task TheTimeoutIsASetting()
    {
        await using var server = new TestServer(TestServer.Options with { LoginTimeout = TimeSpan.FromSeconds(10) });
        TestClient client = server.Connect();
        await client.ReadExactAsync("Welcome! Enter your name: ");

        server.Time.Advance(TimeSpan.FromSeconds(9));
        await client.ExpectNothingPendingAtPromptAsync();
        server.Time.Advance(TimeSpan.FromSeconds(1));

        await client.ExpectLineAsync("Timed out.");
        Assert.Equal(DisconnectReason.TimedOut, await client.ExpectClosedAsync());
    }

    [Fact]
    public async Task TheTimeoutCountsFromConnectingNotFromTheLastAttempt()
    {
        await using var server = new TestServer();
        TestClient client = server.Connect();
        await client.ReadExactAsync("Welcome! Enter your name: ");

        server.Time.Advance(TimeSpan.FromSeconds(30));
        await client.SendLineAsync("bad name");
        await client.ExpectLineAsync("Invalid name. Use 1-20 letters, digits, '_' or '-'.");
        await client.ReadExactAsync("Enter your name: ");
        server.Time.Advance(TimeSpan.FromSeconds(30));

        await client.ExpectLineAsync("Timed out.");
        Assert.Equal(DisconnectReason.TimedOut, await client.ExpectClosedAsync());
    }

    [Fact]
    public async Task ALoggedInUserDoesNotTimeOut()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");

        server.Time.Advance(TimeSpan.FromMinutes(5));

        await alice.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task ATimedOutConnectionLeavesNoTrace()
    {
        await using var server = new TestServer();
        TestClient bob = await server.LoginAsync("bob");
        TestClient guest = server.Connect();
        await guest.ReadExactAsync("Welcome! Enter your name: ");

        server.Time.Advance(TimeSpan.FromSeconds(60));
        await guest.ExpectLineAsync("Timed out.");
        await guest.ExpectClosedAsync();

        await bob.SendLineAsync("/list");
        await bob.ExpectLineAsync("Online users: bob (lobby)");
        Assert.Equal(1, server.Server.ConnectionCount);
    }

    [Fact]
    public async Task ClosingAtThePromptLeavesNoTrace()
    {
        await using var server = new TestServer();
        TestClient bob = await server.LoginAsync("bob");
        TestClient guest = server.Connect();
        await guest.ReadExactAsync("Welcome! Enter your name: ");
        await guest.SendLineAsync("bad name");
        await guest.ExpectLineAsync("Invalid name. Use 1-20 letters, digits, '_' or '-'.");
        await guest.ReadExactAsync("Enter your name: ");

        await guest.CloseAsync();
        Assert.Equal(DisconnectReason.Closed, await guest.ExpectClosedAsync());

        await bob.SendLineAsync("/list");
        await bob.ExpectLineAsync("Online users: bob (lobby)");
        Assert.Equal(1, server.Server.Directory.UserCount);
    }
}
