using System.Collections.Concurrent;
using System.IO.Pipelines;
using Chat.Core.Commands;
using Chat.Core.History;
using Chat.Core.Irc;
using Chat.Core.Model;
using Chat.Core.Protocol;
using Chat.Core.Sessions;
using Microsoft.Extensions.Logging;

namespace Chat.Core;

/// <summary>
/// The chat server, on any transport: hand it each connection as an <see cref="IDuplexPipe"/>
/// and it speaks PROTOCOL.md on it until the connection ends. It knows no sockets, so tests
/// and benchmarks drive it with in-memory pipes.
/// </summary>
public sealed class ChatServer
{
    private readonly ConcurrentDictionary<IServerSession, Task<DisconnectReason>> _sessions = new();
    private int _connections;
    private long _lastConnectionId;
    private volatile bool _shuttingDown;

    /// <summary>A server whose history lives only in its rooms' replay windows (<c>Chat:HistoryStore=Memory</c>).</summary>
    public ChatServer(ChatOptions options, TimeProvider time, ILogger<ChatServer> logger)
        : this(options, time, logger, new MemoryHistoryStore())
    {
    }

    /// <summary>A server whose rooms write their messages to <paramref name="history"/> and load them from it when created.</summary>
    /// <param name="metrics">Where it counts (the host's <c>Chat</c> meter); null: nowhere.</param>
    public ChatServer(ChatOptions options, TimeProvider time, ILogger<ChatServer> logger, IHistoryStore history, ChatMetrics? metrics = null)
    {
        Options = options;
        Time = time;
        Logger = logger;
        History = history;
        Metrics = metrics ?? ChatMetrics.None;
        Directory = new ChatDirectory(options.HistorySize, history);
        TooLong = ServerText.TooLong(options.MaxMessageLength);
        Door = new LineRenderer(time);
        IrcDoor = new IrcRenderer(time, options.ServerName);
    }

    public ChatOptions Options { get; }

    /// <summary>Open connections, those at the name prompt included.</summary>
    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>Logged-in users and existing rooms.</summary>
    public ChatDirectory Directory { get; }

    internal TimeProvider Time { get; }

    /// <summary>Where the rooms write behind; a sender whose message it refused waits for it.</summary>
    internal IHistoryStore History { get; }

    internal ILogger Logger { get; }

    internal ChatMetrics Metrics { get; }

    internal CommandTable Commands { get; } = CommandTable.CreateDefault();

    /// <summary>How this server's line users see the chat's events.</summary>
    internal LineRenderer Door { get; }

    /// <summary>How this server's IRC users see the chat's events.</summary>
    internal IrcRenderer IrcDoor { get; }

    /// <summary>The too-long reply, worded with this server's limit.</summary>
    internal EncodedLine TooLong { get; }

    /// <summary>
    /// Serves one connection until it ends, then completes both sides of
    /// <paramref name="transport"/>. The reason tells the host how to close: a
    /// <see cref="DisconnectReason.TooSlow"/> client should be aborted, not drained.
    /// </summary>
    /// <param name="overTls">Whether the transport is TLS: only the metrics tell the two apart.</param>
    public Task<DisconnectReason> RunConnectionAsync(IDuplexPipe transport, string remote = "-", bool overTls = false) =>
        RunAsync(transport, remote, overTls, irc: false);

    /// <summary>
    /// Serves one connection of the IRC door (PROTOCOL.md, "The IRC door") until it ends, as
    /// <see cref="RunConnectionAsync"/> does for the line door: the same limits and users.
    /// </summary>
    public Task<DisconnectReason> RunIrcConnectionAsync(IDuplexPipe transport, string remote = "-", bool overTls = false) =>
        RunAsync(transport, remote, overTls, irc: true);

    private async Task<DisconnectReason> RunAsync(IDuplexPipe transport, string remote, bool overTls, bool irc)
    {
        if (_shuttingDown)
        {
            await CloseAsync(transport, irc ? IrcRenderer.Error("Server is shutting down") : ServerText.ShuttingDown);
            return DisconnectReason.Shutdown;
        }
        if (Interlocked.Increment(ref _connections) > Options.MaxConnections)
        {
            Interlocked.Decrement(ref _connections);
            ChatLog.ServerFull(Logger, remote);
            await CloseAsync(transport, irc ? IrcRenderer.Error("Server is full") : ServerText.ServerFull);
            return DisconnectReason.ServerFull;
        }
        long id = Interlocked.Increment(ref _lastConnectionId);
        IServerSession session = irc ? new IrcSession(this, transport, id) : new ChatSession(this, transport, id);
        ChatLog.ConnectionOpened(Logger, session.Id, remote);
        Metrics.ConnectionOpened(overTls);
        Task<DisconnectReason> running = session.RunAsync();
        _sessions[session] = running;
        if (_shuttingDown)
        {
            session.Shutdown(); // it arrived while shutdown was telling the others
        }
        try
        {
            return await running;
        }
        finally
        {
            _sessions.TryRemove(session, out _);
            Interlocked.Decrement(ref _connections);
            Metrics.ConnectionClosed(overTls);
        }
    }

    /// <summary>
    /// Tells every connection the server is shutting down and ends each one once its queued
    /// lines are sent, for at most <see cref="ChatOptions.ShutdownDrain"/> (PROTOCOL.md §5).
    /// New connections get the notice and are closed.
    /// </summary>
    public async Task ShutdownAsync(CancellationToken cancellationToken = default)
    {
        _shuttingDown = true;
        ChatLog.ShuttingDown(Logger, _sessions.Count);
        foreach (IServerSession session in _sessions.Keys)
        {
            session.Shutdown();
        }
        await Task.WhenAll(_sessions.Values).WaitAsync(cancellationToken);
    }

    private static async Task CloseAsync(IDuplexPipe transport, EncodedLine line)
    {
        await transport.Output.WriteAsync(line.Span.ToArray());
        await transport.Output.CompleteAsync();
        await transport.Input.CompleteAsync();
    }
}
