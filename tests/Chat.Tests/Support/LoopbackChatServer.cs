using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Chat.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chat.Tests.Support;

/// <summary>
/// A real chat server on 127.0.0.1, on a free port, inside the test process: each accepted
/// socket goes to <see cref="ChatServer.RunConnectionAsync"/> as an <see cref="IDuplexPipe"/>.
/// It stands in for the host wherever a test needs TCP.
/// </summary>
public sealed class LoopbackChatServer : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Task, bool> _connections = new();
    private readonly Task _accepting;

    public LoopbackChatServer(ChatOptions? options = null)
    {
        Server = new ChatServer(options ?? new ChatOptions(), TimeProvider.System, NullLogger<ChatServer>.Instance);
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
        using (socket)
        {
            var stream = new NetworkStream(socket, ownsSocket: false);
            var transport = new SocketPipe(
                PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true)),
                PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)));
            try
            {
                await Server.RunConnectionAsync(transport, socket.RemoteEndPoint?.ToString() ?? "-");
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                // The client went away mid-write: the session is over either way.
            }
            try
            {
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // Already reset by the client.
            }
        }
    }

    private sealed class SocketPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}
