using Chat.Core.Model;
using Chat.Tests.Support;

namespace Chat.Tests.Commands;

/// <summary>
/// PROTOCOL.md §3: <c>/list</c> answers <c>Online users: alice (lobby), bob (dev)</c>: everyone in
/// every room with the room they are in, sorted by name ignoring case, at most 100 names then
/// <c> and N more</c>.
/// </summary>
public sealed class ListCommandTests
{
    [Fact]
    public async Task ListNamesEveryoneOnlineInEveryRoomWithTheirRoom()
    {
        await using var server = new TestServer();
        TestClient bob = await server.LoginAsync("bob");
        await bob.JoinAsync("Dev");
        TestClient carol = await server.LoginAsync("carol");
        TestClient alice = await server.LoginAsync("alice", carol);

        await alice.SendLineAsync("/list");

        await alice.ExpectLineAsync("Online users: alice (lobby), bob (Dev), carol (lobby)");
    }

    [Fact]
    public async Task ARoomChangeShowsInTheNextList()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        await alice.SendLineAsync("/list");
        await alice.ExpectLineAsync("Online users: alice (lobby)");

        await alice.JoinAsync("dev");
        await alice.SendLineAsync("/list");

        await alice.ExpectLineAsync("Online users: alice (dev)");
    }

    [Fact]
    public async Task ListingWhileUsersChangeRoomsNeverFails()
    {
        // Each pair comes from one moment under the directory's lock: every room shown is one the
        // user was in, never a torn read or a crash while another thread moves users.
        var directory = new ChatDirectory(historySize: 0);
        var users = Enumerable.Range(0, 8).Select(i => new ChatUser($"u{i}", LineDoor.Renderer, new Outbox(1 << 20))).ToList();
        foreach (ChatUser user in users)
        {
            Assert.True(await directory.TryAddAsync(user).DefaultTimeout());
        }
        using var done = new CancellationTokenSource();
        Task mover = Task.Run(() =>
        {
            for (int i = 0; !done.IsCancellationRequested; i++)
            {
                directory.Move(users[i % users.Count], i % 3 == 0 ? "lobby" : $"r{i % 3}");
            }
        });

        for (int i = 0; i < 2_000; i++)
        {
            List<(string Name, string Room)> listed = directory.UsersWithRooms();
            Assert.Equal(users.Select(u => u.Name), listed.Select(u => u.Name));
            Assert.All(listed, u => Assert.Contains(u.Room, new[] { "lobby", "r1", "r2" }));
        }
        done.Cancel();
        await mover.DefaultTimeout();
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
        await me.ExpectLineAsync("Online users: -dash (lobby), 9lives (lobby), Alpha (lobby), beta (lobby), Mike (lobby), zed (lobby), _under (lobby)");
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

        string names = string.Join(", ", Enumerable.Range(0, 100).Select(i => $"u{i:D3} (lobby)"));
        await last.ExpectLineAsync($"Online users: {names}{suffix}");
    }
}
