using Chat.Tests.Support;

namespace Chat.Tests.Commands;

/// <summary>
/// PROTOCOL.md §3: <c>/list</c> answers <c>Online users: a, b, c</c> for every room, sorted
/// ignoring case, at most 100 names then <c> and N more</c>.
/// </summary>
public sealed class ListCommandTests
{
    [Fact]
    public async Task ListNamesEveryoneOnlineInEveryRoom()
    {
        await using var server = new TestServer();
        TestClient bob = await server.LoginAsync("bob");
        await bob.JoinAsync("dev");
        TestClient alice = await server.LoginAsync("alice");

        await alice.SendLineAsync("/list");

        await alice.ExpectLineAsync("Online users: alice, bob");
    }

    [Fact]
    public async Task NamesAreSortedIgnoringCaseTheOrdinalWay()
    {
        await using var server = new TestServer();
        foreach (string name in new[] { "zed", "_under", "Alpha", "beta", "9lives", "-dash" })
        {
            await server.LoginAsync(name);
        }
        TestClient me = await server.LoginAsync("Mike");

        await me.SendLineAsync("/list");

        // Ordinal ignoring case compares upper-cased code points: '-' < '9' < letters < '_'.
        await me.ExpectLineAsync("Online users: -dash, 9lives, Alpha, beta, Mike, zed, _under");
    }

    [Theory]
    [InlineData(100, "")]
    [InlineData(101, " and 1 more")]
    [InlineData(107, " and 7 more")]
    public async Task AtMostAHundredNamesAreShown(int users, string suffix)
    {
        await using var server = new TestServer();
        List<TestClient> clients = await server.LoginManyAsync("u", users);
        TestClient last = clients[^1]; // the last to arrive has no join notices to read

        await last.SendLineAsync("/list");

        string names = string.Join(", ", Enumerable.Range(0, 100).Select(i => $"u{i:D3}"));
        await last.ExpectLineAsync($"Online users: {names}{suffix}");
    }
}
