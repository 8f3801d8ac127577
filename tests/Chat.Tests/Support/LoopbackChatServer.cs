using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Chat.Core;
using Chat.Fuzz.Replay;
using Chat.Host.Transport;

namespace Chat.Tests.Support;

/// <summary>
/// A real chat server on 127.0.0.1, on a free port, inside the test process: each accepted
/// socket goes to <see cref="ChatServer.RunConnectionAsync"/> on the host's own transport,
/// <see cref="SocketConnection"/>. It stands in for the host wherever a test needs TCP, and
/// fails the test on dispose if the server logged an error (a session that threw).
/// </summary>
public sealed class LoopbackChatServer : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Task, bool> _connections = new();
    private readonly Task _accepting;
    private readonly FailureLogger _log = new();

    public LoopbackChatServer(ChatOptions? options = null)
    {
        Server = new ChatServer(options ?? new ChatOptions(), TimeProvider.System, _log);
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _accepting = AcceptAsync();
    }

    public ChatServer Server { get; }

    public string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>Server shutdown as PROTOCOL.md §5 has it: every client is told, then closed.</summary>
    public async Task ShutdownAsync()
    {
        try
        {
            await Server.ShutdownAsync().WaitAsync(StopTimeout);
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            // A session whose client had already gone failed its last write; ShutdownAsync
            // passes that on, but every session has ended all the same.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        await _accepting.WaitAsync(StopTimeout);
        await ShutdownAsync();
        await Task.WhenAll(_connections.Keys).WaitAsync(StopTimeout);
        _stop.Dispose();
        _log.ThrowIfAnyError();
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Task serving = ServeAsync(socket);
            _connections[serving] = true;
            _ = serving.ContinueWith(t => _connections.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        await Task.Yield();
        var connection = new SocketConnection(socket, (IPEndPoint)socket.RemoteEndPoint!);
        connection.Start();
        DisconnectReason reason = await Server.RunConnectionAsync(connection, connection.RemoteEndPoint);
        await connection.CloseAsync(abort: reason == DisconnectReason.TooSlow, Server.Options.ShutdownDrain);
    }
}
