using Chat.Tests.Support;

namespace Chat.Tests.Login;

/// <summary>PROTOCOL.md §1: the prompt, the hello line, the lobby, and the join notice.</summary>
public sealed class GreetingTests
{
    [Fact]
    public async Task TheServerPromptsWithoutLfAndGreetsTheChosenName()
    {
        await using var server = new TestServer();
        TestClient alice = server.Connect();

        await alice.ReadExactAsync("Welcome! Enter your name: ");
        await alice.SendLineAsync("alice");

        // Had an LF followed the prompt, an empty line would come first.
        await alice.ExpectLineAsync("Hello, alice! You can start chatting. Type /help for commands.");
    }

    [Fact]
    public async Task ANewUserIsInTheLobby()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");

        await alice.SendLineAsync("/who");

        await alice.ExpectLineAsync("Users in lobby: alice");
    }

    [Fact]
    public async Task NoHistoryBlockWhenTheLobbyHasNoHistory()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");

        await alice.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task TheOthersInTheLobbyAreToldOfTheNewcomerButNotTheNewcomerItself()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob");

        await alice.ExpectLineAsync("*** bob joined lobby ***");
        await bob.ExpectNothingPendingAsync();
        await alice.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task UsersInOtherRoomsAreNotToldOfTheNewcomer()
    {
        await using var server = new TestServer();
        TestClient carol = await server.LoginAsync("carol");
        await carol.JoinAsync("dev");

        await server.LoginAsync("bob");

        await carol.ExpectNothingPendingAsync();
    }
}
