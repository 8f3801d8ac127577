using System.Collections.Concurrent;
using System.Net.Sockets;
using Chat.Core;
using Chat.Host.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chat.Host;

/// <summary>
/// Accepts sockets and hands each to the chat as a duplex pipe. Binds in
/// <see cref="StartAsync"/>, so a port in use fails host start instead of a background task
/// (.NET 10 runs ExecuteAsync on the thread pool); accepts in <see cref="ExecuteAsync"/>.
/// </summary>
internal sealed class ChatListenerService(
    ChatServer server,
    ListenEndpoint endpoint,
    ChatOptions options,
    ILogger<ChatListenerService> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<SocketConnection, Task> _connections = new();
    private Socket? _listener;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var listener = new Socket(endpoint.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(endpoint.ToIPEndPoint());
            // The largest backlog the kernel allows: thousands of clients may connect at once.
            listener.Listen(int.MaxValue);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        _listener = listener;
        string bound = listener.LocalEndPoint!.ToString()!;
        Console.Out.WriteLine($"Listening on {bound}");
        Console.Out.Flush();
        HostLog.Listening(logger, bound);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Socket listener = _listener!;
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex)
            {
                HostLog.AcceptFailed(logger, ex); // e.g. out of file descriptors: keep serving the rest
                continue;
            }
            var connection = new SocketConnection(socket);
            _connections[connection] = ServeAsync(connection);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _listener?.Dispose();
        await base.StopAsync(cancellationToken);
        HostLog.Stopping(logger, _connections.Count);
        await server.ShutdownAsync(cancellationToken);
        await Task.WhenAll(_connections.Values).WaitAsync(cancellationToken);
    }

    private async Task ServeAsync(SocketConnection connection)
    {
        await Task.Yield(); // leave the accept loop at once
        try
        {
            connection.Start();
            DisconnectReason reason = await server.RunConnectionAsync(connection, connection.RemoteEndPoint);
            await connection.CloseAsync(abort: reason == DisconnectReason.TooSlow, options.ShutdownDrain);
        }
        catch (Exception ex)
        {
            HostLog.ConnectionFailed(logger, ex, connection.RemoteEndPoint);
            await connection.CloseAsync(abort: true, TimeSpan.Zero);
        }
        finally
        {
            _connections.TryRemove(connection, out _);
        }
    }
}
