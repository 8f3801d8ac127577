using Chat.Tests.Support;

namespace Chat.Tests.Commands;

/// <summary>PROTOCOL.md §3: <c>/me &lt;action&gt;</c> sends <c>[HH:MM] [room] * alice waves</c> to the rest of the room.</summary>
public sealed class MeCommandTests
{
    [Fact]
    public async Task AnActionReachesTheRestOfTheRoom()
    {
        await using var server = new TestServer();
        TestClient dave = await server.LoginAsync("dave");
        await dave.JoinAsync("dev");
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendLineAsync("/me waves at everyone");

        await bob.ExpectLineAsync("[14:02] [lobby] * alice waves at everyone");
        await alice.ExpectNothingPendingAsync();
        await dave.ExpectNothingPendingAsync();
    }

    [Theory]
    [InlineData("/me")]
    [InlineData("/me    ")]
    [InlineData("/ME")]
    public async Task MeWithoutAnActionShowsItsUsage(string line)
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendLineAsync(line);

        await alice.ExpectLineAsync("Usage: /me <action>");
        await bob.ExpectNothingPendingAsync();
    }
}
