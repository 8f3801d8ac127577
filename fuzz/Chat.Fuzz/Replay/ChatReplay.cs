using Chat.Core;

namespace Chat.Fuzz.Replay;

/// <summary>A replay found the server broken: an exception, a hang, a leak or unclean output.</summary>
public sealed class ReplayFailure(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Plays a fuzz input (see <see cref="FuzzInput"/>) against a fresh <see cref="ChatServer"/>
/// through in-memory pipes, and fails with a <see cref="ReplayFailure"/> when the server
/// breaks. Broken means: an exception escapes a connection or is logged as an error; a turn
/// is neither handled nor ends its connection within <see cref="Patience"/>; after every
/// client hung up, a connection does not end or its output is never completed; a user, a
/// room or a connection outlives them; or a client receives bytes no input may produce
/// (<see cref="OutputCheck"/>).
/// </summary>
public static class ChatReplay
{
    /// <summary>
    /// The server of every replay: PROTOCOL.md's defaults, with the limits scaled down so a
    /// short input reaches past each of them (a 600-byte line is over-long, the fourth
    /// message of a room wraps its history), yet still above the bounds the code checks
    /// against (a name may take 160 chars before NFC, so a line holds more). The clock is
    /// the real one: the rate limit counts real time, and the login timeout never fires.
    /// </summary>
    public static ChatOptions Options { get; } = new()
    {
        HistorySize = 3,
        MaxMessageLength = 100,
        MaxLineBytes = 512,
        RateLimitMessages = 20,
        RateLimitWindow = TimeSpan.FromSeconds(1),
        RateLimitBurst = 0, // refused at once, as in v1: a paced line would wait up to a second of real time
        LoginTimeout = TimeSpan.FromHours(1),
    };

    /// <summary>
    /// How long the server may take over one step. A step takes well under a millisecond;
    /// the slack is for a loaded machine. AFL's own timeout (fuzz/run.sh) is longer, so a
    /// hang this catches is reported with its reason, and a busy loop is caught by AFL.
    /// </summary>
    public static TimeSpan Patience { get; } = TimeSpan.FromSeconds(3);

    /// <summary>Plays <paramref name="input"/> on the calling thread (see <see cref="ReplayContext"/>).</summary>
    public static IReadOnlyList<ClientTranscript> Run(ReadOnlyMemory<byte> input, ChatOptions? options = null) =>
        ReplayContext.Run(() => PlayAsync(input, options ?? Options));

    /// <summary><see cref="Run"/> on a thread of its own, for callers that must not block.</summary>
    public static Task<IReadOnlyList<ClientTranscript>> RunAsync(ReadOnlyMemory<byte> input, ChatOptions? options = null) =>
        Task.Run(() => Run(input, options));

    private static async Task<IReadOnlyList<ClientTranscript>> PlayAsync(ReadOnlyMemory<byte> input, ChatOptions options)
    {
        var logger = new FailureLogger();
        var server = new ChatServer(options, TimeProvider.System, logger);
        var clients = new ReplayClient?[FuzzInput.Clients];
        try
        {
            foreach (Turn turn in FuzzInput.Parse(input))
            {
                ReplayClient client = clients[turn.Client] ??= ReplayClient.Connect(server, turn.Client);
                await client.SendAsync(turn.Bytes, Patience);
                logger.ThrowIfAnyError();
            }
            foreach (ReplayClient? client in clients)
            {
                client?.Close();
            }
            var transcripts = new List<ClientTranscript>();
            foreach (ReplayClient? client in clients)
            {
                if (client is not null)
                {
                    transcripts.Add(await client.FinishAsync(Patience));
                }
            }
            logger.ThrowIfAnyError();
            CheckNothingLeft(server);
            return transcripts;
        }
        catch (Exception)
        {
            foreach (ReplayClient? client in clients)
            {
                client?.Abandon();
            }
            throw;
        }
    }

    private static void CheckNothingLeft(ChatServer server)
    {
        if (server.ConnectionCount != 0)
        {
            throw new ReplayFailure($"{server.ConnectionCount} connections still counted after every connection ended");
        }
        if (server.Directory.UserCount != 0)
        {
            throw new ReplayFailure($"users still online after every connection ended: {string.Join(", ", server.Directory.UserNames())}");
        }
        if (server.Directory.RoomCount != 1)
        {
            throw new ReplayFailure($"rooms left after every user left: {string.Join(", ", server.Directory.RoomList().Select(r => $"{r.Name} ({r.Users})"))}");
        }
    }
}
