using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Chat.Core;
using Chat.Core.Protocol;
using Chat.Host.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chat.Host;

/// <summary>
/// Accepts sockets on every listening socket and hands each to the chat as a duplex pipe,
/// after a TLS handshake on a TLS door. The sockets are bound before the host starts
/// (<see cref="ListeningSockets"/>); this service says where it listens when the host
/// starts, and accepts in <see cref="ExecuteAsync"/>.
/// </summary>
internal sealed class ChatListenerService(
    ChatServer server,
    ListenerOptions settings,
    ListeningSockets listening,
    ChatOptions options,
    TimeProvider time,
    TlsHandshakeMetrics handshakes,
    ConnectionsPerAddress perAddress,
    ILogger<ChatListenerService> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<TransportConnection, Task> _connections = new();

    // When shutdown began (a TimeProvider timestamp), 0 before: from then on, every connection
    // shares one ShutdownDrain, whatever part of it the chat's own drain has used.
    private long _stoppingSince;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // The one line scripts and tests find the port by (PROTOCOL.md, Settings): on stdout
        // whatever the logging configuration, so it is not a log line too.
        foreach (ListeningSocket door in listening.Sockets)
        {
            Console.Out.WriteLine(door.Door.ListeningLine(door.Socket.LocalEndPoint!));
        }
        Console.Out.Flush();
        return base.StartAsync(cancellationToken);
    }

    /// <summary>
    /// Accepts on a thread of its own, blocking in accept(2): an accept loop on the thread pool
    /// resumes only when its turn comes in the pool's queue, behind every write loop a
    /// broadcast wakes, which slows a connection storm (benchmarks/README.md). One such
    /// thread per listening socket.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(listening.Sockets.Select(door =>
        {
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() =>
            {
                AcceptLoop(door, stoppingToken);
                stopped.SetResult();
            })
            {
                IsBackground = true,
                Name = $"chat accept {door.Socket.LocalEndPoint}",
            };
            thread.Start();
            return stopped.Task;
        }));

    private void AcceptLoop(ListeningSocket door, CancellationToken stoppingToken)
    {
        Socket listener = door.Socket;
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
            if (!perAddress.TryAdd(remote.Address))
            {
                _ = RefuseAsync(socket, remote.Address, sayWhy: !door.Door.Tls && !door.Door.Irc);
                continue;
            }
            TransportConnection connection = door.Door.Tls ? new TlsConnection(socket, remote) : new SocketConnection(socket, remote);
            Task serving = ServeAsync(connection, remote.Address, door.Door.Irc);
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

    private void Forget(Task serving, object? connection) => _connections.TryRemove((TransportConnection)connection!, out _);

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
            foreach (TransportConnection connection in _connections.Keys)
            {
                connection.Abort();
            }
        }
    }

    private async Task ServeAsync(TransportConnection connection, IPAddress address, bool irc)
    {
        await Task.Yield(); // leave the accept loop at once
        bool abort = true;
        try
        {
            if (connection is not TlsConnection tls || await HandshakeAsync(tls))
            {
                connection.Start();
                bool overTls = connection is TlsConnection;
                DisconnectReason reason = await (irc
                    ? server.RunIrcConnectionAsync(connection, connection.RemoteEndPoint, overTls)
                    : server.RunConnectionAsync(connection, connection.RemoteEndPoint, overTls));
                abort = reason is DisconnectReason.TooSlow or DisconnectReason.Error;
            }
        }
        catch (Exception ex)
        {
            HostLog.ConnectionFailed(logger, ex, connection.RemoteEndPoint);
        }
        finally
        {
            // Given back as soon as the chat is done with it, before the close reaches the client.
            perAddress.Remove(address);
        }
        await connection.CloseAsync(abort, DrainLeft());
    }

    /// <summary>
    /// The server's side of the TLS handshake, within <c>TlsHandshakeTimeout</c>. A client
    /// that fails it (plain text on the TLS port, an old protocol, no shared cipher, silence)
    /// is an everyday event, not a fault: one line without a stack trace, and the close.
    /// </summary>
    private async Task<bool> HandshakeAsync(TlsConnection connection)
    {
        TlsOptions tls = settings.Tls!;
        using var timeout = new CancellationTokenSource(tls.HandshakeTimeout, time);
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = tls.Certificate.Current(logger),
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateRequired = false,
        };
        long started = time.GetTimestamp();
        try
        {
            await connection.AuthenticateAsync(options, timeout.Token);
            handshakes.Succeeded(time.GetElapsedTime(started));
            return true;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            handshakes.TimedOut(time.GetElapsedTime(started));
            HostLog.TlsHandshakeFailed(logger, connection.RemoteEndPoint, $"not done within {tls.HandshakeTimeout:c}");
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or SocketException or ObjectDisposedException)
        {
            handshakes.Failed(time.GetElapsedTime(started));
            HostLog.TlsHandshakeFailed(logger, connection.RemoteEndPoint, ex.Message);
        }
        return false;
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

    /// <summary>
    /// Tells a connection over its address's share why, and closes it. On a TLS door it is
    /// closed without a word: a TLS client could not read plain text, and a handshake for an
    /// address already holding its share is work it should not be able to ask for.
    /// </summary>
    private async Task RefuseAsync(Socket socket, IPAddress address, bool sayWhy)
    {
        HostLog.TooManyFromAddress(logger, address.ToString());
        using (socket)
        {
            try
            {
                if (sayWhy)
                {
                    await socket.SendAsync(ServerText.TooManyFromAddress.Span.ToArray(), SocketFlags.None);
                }
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // It left first.
            }
        }
    }
}
