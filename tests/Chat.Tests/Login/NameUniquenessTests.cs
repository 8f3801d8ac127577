using Chat.Tests.Support;

namespace Chat.Tests.Login;

/// <summary>PROTOCOL.md §1: names are unique ignoring case while their owner is online.</summary>
public sealed class NameUniquenessTests
{
    private const string NameTaken = "Name already taken.";

    [Theory]
    [InlineData("alice")]
    [InlineData("Alice")]
    [InlineData("ALICE")]
    public async Task ANameOnlineIsTakenIgnoringCase(string attempt)
    {
        await using var server = new TestServer();
        await server.LoginAsync("alice");
        TestClient other = server.Connect();
        await other.ReadExactAsync("Welcome! Enter your name: ");

        await other.SendLineAsync(attempt);

        await other.ExpectLineAsync(NameTaken);
        await other.ReadExactAsync("Enter your name: ");
        await other.LoginAsyncAfterPrompt("bob");
    }

    [Fact]
    public async Task ANameIsComparedAfterNfc()
    {
        await using var server = new TestServer();
        await server.LoginAsync("Jos\u00E9");
        TestClient other = server.Connect();
        await other.ReadExactAsync("Welcome! Enter your name: ");

        await other.SendLineAsync("jose\u0301");

        await other.ExpectLineAsync(NameTaken);
        await other.ReadExactAsync("Enter your name: ");
    }

    [Fact]
    public async Task ANameIsFreeAgainOnceItsOwnerHasLeft()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        await alice.SendLineAsync("/quit");
        await alice.ExpectLineAsync("Goodbye!");
        await alice.ExpectClosedAsync();

        await server.LoginAsync("ALICE");
    }
}
