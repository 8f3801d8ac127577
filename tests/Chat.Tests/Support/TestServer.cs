using System.IO.Pipelines;
using Chat.Core;
using Chat.Core.History;
using Chat.Fuzz.Replay;
using Microsoft.Extensions.Time.Testing;

namespace Chat.Tests.Support;

/// <summary>
/// A <see cref="ChatServer"/> on a fake clock, with in-memory clients. The clock stands at
/// <see cref="StartTime"/> in a UTC local time zone and moves only when a test advances it.
/// A session catches what it throws and logs it as an error, so the server's log is kept and
/// any error in it fails the test on dispose.
/// </summary>
internal sealed class TestServer : IAsyncDisposable
{
    /// <summary>14:02 local time, so messages read <c>[14:02]</c>.</summary>
    public static readonly DateTimeOffset StartTime = new(2025, 3, 14, 14, 2, 0, TimeSpan.Zero);

    private readonly List<TestClient> _clients = [];
    private readonly FailureLogger _log = new();

    /// <param name="options">
    /// Defaults to <see cref="Options"/>: PROTOCOL.md's defaults with rate limiting off, since
    /// on a clock that stands still any five lines would otherwise use up a user's rate.
    /// </param>
    /// <param name="history">The rooms' store; the memory store (none) unless given.</param>
    /// <param name="metrics">Where the server counts (a test's own <see cref="MetricsRecorder"/>); none by default.</param>
    public TestServer(ChatOptions? options = null, IHistoryStore? history = null, ChatMetrics? metrics = null)
    {
        Time = new WatchedTimeProvider(StartTime);
        Time.SetLocalTimeZone(TimeZoneInfo.Utc);
        Server = new ChatServer(options ?? Options, Time, _log, history ?? new MemoryHistoryStore(), metrics);
    }

    public static ChatOptions Options => new() { RateLimitMessages = 0, ServerName = "chat.test" };

    public WatchedTimeProvider Time { get; }

    public ChatServer Server { get; }

    /// <summary>Opens a connection; the server has sent its prompt and started its login timer on return.</summary>
    public TestClient Connect(string label = "client", PipeOptions? toServer = null, PipeOptions? fromServer = null) =>
        Connect(new TestClient(label, toServer, fromServer), irc: false);

    /// <summary>Opens a connection to the IRC door; nothing is said until the client registers.</summary>
    public TestClient ConnectIrc(string label = "irc", PipeOptions? fromServer = null) =>
        Connect(new TestClient(label, fromServer: fromServer) { CrLf = true }, irc: true);

    /// <summary>Connects to the IRC door and registers as <paramref name="nick"/>, reading up to the end of the welcome (422).</summary>
    public async Task<TestClient> RegisterIrcAsync(string nick, PipeOptions? fromServer = null)
    {
        TestClient client = ConnectIrc(nick, fromServer);
        await client.SendLineAsync($"NICK {nick}");
        await client.SendLineAsync($"USER {nick} 0 * :{nick}");
        while (!(await client.ReadLineAsync()).Contains(" 422 ", StringComparison.Ordinal))
        {
        }
        return client;
    }

    private TestClient Connect(TestClient client, bool irc)
    {
        string label = client.Label;
        _clients.Add(client);
        // Run the connection's synchronous start here, but not on xunit's synchronization
        // context: the server's continuations belong on the thread pool, as in the host.
        SynchronizationContext? context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            client.Connection = irc
                ? Server.RunIrcConnectionAsync(client.ServerTransport, label)
                : Server.RunConnectionAsync(client.ServerTransport, label);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
        return client;
    }

    /// <summary>
    /// Connects and logs in as <paramref name="name"/> (the client has read its hello line),
    /// and has each of <paramref name="lobbyMembers"/> read the join notice.
    /// </summary>
    public async Task<TestClient> LoginAsync(string name, params TestClient[] lobbyMembers)
    {
        TestClient client = Connect(name);
        await client.LoginAsync(name);
        foreach (TestClient member in lobbyMembers)
        {
            await member.ExpectLineAsync($"*** {name} joined lobby ***");
        }
        return client;
    }

    /// <summary>Logs in <paramref name="count"/> users named <paramref name="prefix"/>000 and up; nobody reads their notices.</summary>
    public async Task<List<TestClient>> LoginManyAsync(string prefix, int count)
    {
        var clients = new List<TestClient>();
        for (int i = 0; i < count; i++)
        {
            clients.Add(await LoginAsync($"{prefix}{i:D3}"));
        }
        return clients;
    }

    /// <summary>Closes every client, waits, best effort, for the server to let go of them, and fails on a logged error.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (TestClient client in _clients)
        {
            await client.DisposeAsync();
        }
        try
        {
            await Task.WhenAll(_clients.Select(c => c.Connection)).DefaultTimeout();
        }
        catch (Exception)
        {
            // Cleanup only: a test that cares how a connection ended asserts it itself, and
            // an exception here would hide the test's own failure.
        }
        _log.ThrowIfAnyError();
    }
}
