using System.Diagnostics.Metrics;
using Chat.Core;
using Chat.Core.History;
using Chat.Host.History;
using Chat.Host.Memory;
using Chat.Host.Transport;
using Chat.Host.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chat.Host;

/// <summary>
/// Composes the chat's generic host from command-line arguments: settings read and checked,
/// the history store (opened here, so a bad one stops the host before it serves), the
/// listening sockets bound, logging, the chat server and the listener. Program.cs runs what
/// it builds; the loopback benchmarks start the very same host in their own process.
/// </summary>
internal static class ChatHostBuilder
{
    // One second for the listener to finish, five for the store's last commits.
    private static readonly TimeSpan HistoryFlushAllowance = TimeSpan.FromSeconds(6);

    /// <summary>Builds the host; on a bad setting, a store it cannot open or an address it cannot listen on returns false with the one line to print.</summary>
    public static bool TryBuild(string[] args, out IHost host, out string error)
    {
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(args);
        if (!ChatSettings.TryRead(builder.Configuration, out ListenerOptions listener, out ChatOptions options, out error)
            || !HistorySettings.TryRead(builder.Configuration, out HistoryOptions history, out error)
            || !WebSettings.TryRead(builder.Configuration, out WebOptions web, out error)
            || !WebDoorService.CanListen(listener, web, out error)
            || !ListeningSockets.TryListen(listener, out ListeningSockets? listening, out error))
        {
            host = null!;
            return false;
        }
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        // Under systemd (its child, or PID 1 with NOTIFY_SOCKET): READY=1 once the host has
        // started, which is after the sockets are bound and the history store is open (both
        // here, before Build), STOPPING=1 at shutdown, and log lines in the journal's format
        // (<6>, no timestamp) instead of the ones configured above. Elsewhere it does nothing.
        builder.Services.AddSystemd();
        builder.Services.AddSingleton(listener);
        builder.Services.AddSingleton(_ => listening); // made by a factory, so disposing the host closes the sockets
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new ConnectionsPerAddress(listener.MaxConnectionsPerIp)); // shared by every door
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IHistoryStore>(services => history.Store == HistoryStoreKind.Memory
            ? new MemoryHistoryStore()
            : SqliteHistoryStore.Open(
                history, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<SqliteHistoryStore>>(),
                services.GetRequiredService<IMeterFactory>()));
        builder.Services.AddSingleton<ChatMetrics>(); // on the IMeterFactory the generic host provides
        builder.Services.AddSingleton<TlsHandshakeMetrics>();
        builder.Services.AddSingleton<ChatServer>();
        // Hosted services stop in reverse order: the store closes after the last session.
        builder.Services.AddHostedService<HistoryStoreService>();
        if (web.Port is not null)
        {
            // Before the listener, so it stops after the chat has ended the web sessions too.
            builder.Services.AddSingleton(web);
            builder.Services.AddSingleton<WebDoorService>();
            builder.Services.AddHostedService(services => services.GetRequiredService<WebDoorService>());
        }
        builder.Services.AddHostedService<ChatListenerService>();
        builder.Services.AddHostedService<IdleMemoryTrimService>();
        // Connections drain for ShutdownDrain, then the store writes what they said; the host
        // must not give up on either sooner.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownDrain + HistoryFlushAllowance);
        host = builder.Build();
        try
        {
            host.Services.GetRequiredService<IHistoryStore>();
        }
        catch (HistoryStoreOpenException ex)
        {
            host.Dispose();
            listening.Dispose();
            host = null!;
            error = ChatSettings.Invalid(HistorySettings.PathKey, $"{ex.Message}.");
            return false;
        }
        return true;
    }
}
