using System.IO.Pipelines;
using Chat.Core.Commands;
using Chat.Core.Model;
using Chat.Core.Protocol;

namespace Chat.Core.Sessions;

/// <summary>
/// One connection, from its first byte read to its last byte written. It wires its parts: the
/// <see cref="LineReader"/> reads lines and hands them to the <see cref="LoginPrompt"/> or to
/// commands, the <see cref="WritePump"/> drains the outbox to the transport, and
/// <see cref="SessionStop"/> holds why the session ends. The outbox is all they share with the
/// rest of the chat: other users' broadcasts only enqueue into it.
/// </summary>
internal sealed class ChatSession : ICommandConnection, IServerSession
{
    private readonly ChatServer _server;
    private readonly IDuplexPipe _transport;
    private readonly Outbox _outbox;
    private readonly SessionStop _stop;
    private readonly LoginPrompt _prompt;
    private readonly LineReader _reader;
    private readonly WritePump _pump;

    public ChatSession(ChatServer server, IDuplexPipe transport, long id)
    {
        _server = server;
        _transport = transport;
        Id = id;
        ChatOptions options = server.Options;
        _outbox = new Outbox(options.OutboxBytes);
        var pacer = new LinePacer(
            new SlidingWindowRateLimiter(options.RateLimitMessages, options.RateLimitWindow, server.Time), options.RateLimitBurst, server.Time);
        _stop = new SessionStop(_outbox, transport.Input, pacer);
        _prompt = new LoginPrompt(server, id, _outbox, _stop, this);
        _reader = new LineReader(server, transport.Input, _outbox, _stop, pacer, _prompt);
        _pump = new WritePump(_outbox, transport.Output);
    }

    public long Id { get; }

    public async Task<DisconnectReason> RunAsync()
    {
        _pump.Start();
        _ = _stop.AbortWhenOverflowedAsync(); // pending for the session's life unless it overflows
        _prompt.Start();
        try
        {
            await _reader.RunAsync();
        }
        catch (Exception ex)
        {
            ChatLog.ConnectionFailed(_server.Logger, ex, Id, _prompt.User?.Name ?? "");
            _stop.TryStop(DisconnectReason.Error);
        }
        _prompt.Dispose();
        return await SessionEnding.EndAsync(_server, Id, _prompt.User, _stop.Reason, _pump, _transport);
    }

    /// <summary>Queues <paramref name="line"/> for this client; never waits.</summary>
    public void Send(EncodedLine line) => _outbox.TryEnqueue(line);

    /// <summary>The line being handled could not be stored yet: it is handled again once the store has room.</summary>
    public void HoldForStore() => _reader.HoldForStore();

    /// <summary>
    /// Ends the session after the lines already queued, <c>Goodbye!</c> last: nothing the room
    /// says before the user is taken off line follows it (PROTOCOL.md §3: <c>Goodbye!</c>, then
    /// the server closes the connection).
    /// </summary>
    public void Quit()
    {
        _outbox.EnqueueLast(ServerText.Goodbye);
        _stop.TryStop(DisconnectReason.Quit);
    }

    /// <summary>Tells the client the server is going away and ends the session (PROTOCOL.md §5).</summary>
    public void Shutdown()
    {
        _prompt.Close();
        _outbox.EnqueueLast(ServerText.ShuttingDown);
        _stop.Abort(DisconnectReason.Shutdown);
    }
}
