using System.Text;
using Chat.Tests.Support;

namespace Chat.Tests.Login;

/// <summary>
/// Many logins at once, which the server adds to the lobby in batches while the sessions wait:
/// each must still look, to its own client, exactly like a login on a quiet server.
/// </summary>
public sealed class LoginStormTests
{
    [Fact]
    public async Task LinesSentWithTheNameAreHandledOnceTheUserIsIn()
    {
        await using var server = new TestServer();
        await server.LoginManyAsync("crowd", 1000); // a lobby worth walking, so logins queue up
        const int joiners = 200;
        var clients = Enumerable.Range(0, joiners).Select(i => server.Connect($"j{i}")).ToList();
        await Task.WhenAll(clients.Select(c => c.ReadExactAsync(TestClient.Welcome)));

        // The name and a command in one write, from every client at once.
        await Task.WhenAll(clients.Select(c => Task.Run(() => c.SendRawAsync(Encoding.UTF8.GetBytes($"{c.Label}\n/join room-{c.Label}\n")))));

        await Task.WhenAll(clients.Select(async c =>
        {
            Assert.StartsWith($"Hello, {c.Label}! ", await c.ReadLineAsync());
            string line;
            do
            {
                line = await c.ReadLineAsync(); // join notices of those let in after it, then the reply
            }
            while (line.StartsWith("*** ", StringComparison.Ordinal));
            Assert.Equal($"Joined room: room-{c.Label}", line);
        }));
    }
}
