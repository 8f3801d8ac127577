using Chat.Tests.Support;

namespace Chat.Tests.Commands;

/// <summary>
/// PROTOCOL.md §3: <c>/who</c> answers <c>Users in lobby: a, b</c> for the sender's room,
/// sorted ignoring case, at most 100 names then <c> and N more</c>.
/// </summary>
public sealed class WhoCommandTests
{
    [Fact]
    public async Task WhoNamesOnlyTheSendersRoom()
    {
        await using var server = new TestServer();
        TestClient carol = await server.LoginAsync("carol");
        await carol.JoinAsync("dev");
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("Bob", alice);

        await alice.SendLineAsync("/who");
        await alice.ExpectLineAsync("Users in lobby: alice, Bob");
        await carol.SendLineAsync("/who");
        await carol.ExpectLineAsync("Users in dev: carol");
    }

    [Fact]
    public async Task TheRoomIsSpelledAsCreated()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        await alice.JoinAsync("DevOps");
        TestClient bob = await server.LoginAsync("bob");
        await bob.SendLineAsync("/join devops");
        await bob.ExpectLineAsync("Joined room: DevOps");

        await bob.SendLineAsync("/who");

        await bob.ExpectLineAsync("Users in DevOps: alice, bob");
    }

    [Fact]
    public async Task NamesAreSortedIgnoringCase()
    {
        await using var server = new TestServer();
        foreach (string name in new[] { "zed", "_under", "Alpha", "beta" })
        {
            await server.LoginAsync(name);
        }
        TestClient me = await server.LoginAsync("Mike");

        await me.SendLineAsync("/who");

        await me.ExpectLineAsync("Users in lobby: Alpha, beta, Mike, zed, _under");
    }

    [Theory]
    [InlineData(100, "")]
    [InlineData(103, " and 3 more")]
    public async Task AtMostAHundredNamesAreShown(int users, string suffix)
    {
        await using var server = new TestServer();
        TestClient elsewhere = await server.LoginAsync("zz");
        await elsewhere.JoinAsync("dev"); // online, but not in the lobby
        List<TestClient> clients = await server.LoginManyAsync("u", users);

        await clients[^1].SendLineAsync("/who");

        string names = string.Join(", ", Enumerable.Range(0, 100).Select(i => $"u{i:D3}"));
        await clients[^1].ExpectLineAsync($"Users in lobby: {names}{suffix}");
    }
}
