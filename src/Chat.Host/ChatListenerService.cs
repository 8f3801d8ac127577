using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Chat.Core;
using Chat.Core.Protocol;
using Chat.Host.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chat.Host;

/// <summary>
/// Accepts sockets on every listening socket and hands each to the chat as a duplex pipe.
/// The sockets are bound before the host starts (<see cref="ListeningSockets"/>); this
/// service says where it listens when the host starts, and accepts in <see cref="ExecuteAsync"/>.
/// </summary>
internal sealed class ChatListenerService(
    ChatServer server,
    ListenerOptions settings,
    ListeningSockets listening,
    ChatOptions options,
    TimeProvider time,
    ILogger<ChatListenerService> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<SocketConnection, Task> _connections = new();
    private readonly ConnectionsPerAddress _perAddress = new(settings.MaxConnectionsPerIp);

    // When shutdown began (a TimeProvider timestamp), 0 before: from then on, every connection
    // shares one ShutdownDrain, whatever part of it the chat's own drain has used.
    private long _stoppingSince;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // The one line scripts and tests find the port by (PROTOCOL.md, Settings): on stdout
        // whatever the logging configuration, so it is not a log line too.
        foreach (Socket socket in listening.Sockets)
        {
            Console.Out.WriteLine($"Listening on {socket.LocalEndPoint}");
        }
        Console.Out.Flush();
        return base.StartAsync(cancellationToken);
    }

    /// <summary>
    /// Accepts on a thread of its own, blocking in accept(2): an accept loop on the thread pool
    /// resumes only when its turn comes in the pool's queue, behind every write loop a
    /// broadcast wakes. Chat.LoadTest --scenario connect-storm --repeat 2 with both builds in
    /// one run: 10,000 clients logged in after 5.54 s with this thread, 6.53 s with
    /// <c>await AcceptAsync</c> (2,000: 0.59 and 0.60 s). One such thread per listening socket.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(listening.Sockets.Select(socket =>
        {
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() =>
            {
                AcceptLoop(socket, stoppingToken);
                stopped.SetResult();
            })
            {
                IsBackground = true,
                Name = $"chat accept {socket.LocalEndPoint}",
            };
            thread.Start();
            return stopped.Task;
        }));

    private void AcceptLoop(Socket listener, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = listener.Accept();
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException) when (Volatile.Read(ref _stoppingSince) != 0)
            {
                break; // StopAsync closed the listener under the blocked accept
            }
            catch (SocketException ex)
            {
                HostLog.AcceptFailed(logger, ex); // e.g. out of file descriptors: keep serving the rest
                continue;
            }
            var remote = (IPEndPoint)socket.RemoteEndPoint!;
            if (remote.Address.IsIPv4MappedToIPv6)
            {
                // How a dual-stack socket shows an IPv4 client: the same client, for its
                // address's share and in the log, as on an IPv4 socket.
                remote = new IPEndPoint(remote.Address.MapToIPv4(), remote.Port);
            }
            if (!_perAddress.TryAdd(remote.Address))
            {
                _ = RefuseAsync(socket, remote.Address);
                continue;
            }
            var connection = new SocketConnection(socket, remote);
            Task serving = ServeAsync(connection, remote.Address);
            _connections[connection] = serving;
            // Removed by a continuation, which cannot run before the line above. Removed at the
            // end of ServeAsync, a connection that ended before this thread stored its task (a
            // client gone at once, this thread preempted) was removed first and then stored for
            // good, with its socket and pipes (soak/README.md, "Memory over time").
            _ = serving.ContinueWith(Forget, connection, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>Connections accepted and not yet closed.</summary>
    internal int OpenConnections => _connections.Count;

    private void Forget(Task serving, object? connection) => _connections.TryRemove((SocketConnection)connection!, out _);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _stoppingSince, time.GetTimestamp());
        listening.Dispose(); // wakes the accept threads: .NET interrupts a blocked accept on close
        await base.StopAsync(cancellationToken);
        HostLog.Stopping(logger, _connections.Count);
        try
        {
            await server.ShutdownAsync(cancellationToken);
            await Task.WhenAll(_connections.Values).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host waited ShutdownDrain and a second: close what is left, and still exit cleanly.
            HostLog.AbortingStragglers(logger, _connections.Count);
            foreach (SocketConnection connection in _connections.Keys)
            {
                connection.Abort();
            }
        }
    }

    private async Task ServeAsync(SocketConnection connection, IPAddress address)
    {
        await Task.Yield(); // leave the accept loop at once
        DisconnectReason reason;
        try
        {
            connection.Start();
            reason = await server.RunConnectionAsync(connection, connection.RemoteEndPoint);
        }
        catch (Exception ex)
        {
            HostLog.ConnectionFailed(logger, ex, connection.RemoteEndPoint);
            reason = DisconnectReason.Error;
        }
        finally
        {
            // Given back as soon as the chat is done with it, before the close reaches the client.
            _perAddress.Remove(address);
        }
        bool abort = reason is DisconnectReason.TooSlow or DisconnectReason.Error;
        await connection.CloseAsync(abort, DrainLeft());
    }

    /// <summary>
    /// How long a closing connection may still take to send what is left: ShutdownDrain, or at
    /// shutdown what is left of the one ShutdownDrain all connections share (PROTOCOL.md §5),
    /// so that the chat's drain and the socket's never add up to more.
    /// </summary>
    private TimeSpan DrainLeft()
    {
        long stoppingSince = Volatile.Read(ref _stoppingSince);
        if (stoppingSince == 0)
        {
            return options.ShutdownDrain;
        }
        TimeSpan left = options.ShutdownDrain - time.GetElapsedTime(stoppingSince);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>Tells a connection over its address's share why, and closes it.</summary>
    private async Task RefuseAsync(Socket socket, IPAddress address)
    {
        HostLog.TooManyFromAddress(logger, address.ToString());
        using (socket)
        {
            try
            {
                await socket.SendAsync(ServerText.TooManyFromAddress.Span.ToArray(), SocketFlags.None);
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // It left first.
            }
        }
    }
}
