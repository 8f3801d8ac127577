using Chat.Core;
using Chat.Host.Memory;
using Chat.Host.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chat.Host;

/// <summary>
/// Composes the chat's generic host from command-line arguments: settings read and checked,
/// the listening sockets bound, logging, the chat server and the listener. Program.cs runs what it builds; the loopback
/// benchmarks start the very same host in their own process.
/// </summary>
internal static class ChatHostBuilder
{
    /// <summary>Builds the host; on a bad setting or an address it cannot listen on returns false with the one line to print.</summary>
    public static bool TryBuild(string[] args, out IHost host, out string error)
    {
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(args);
        if (!ChatSettings.TryRead(builder.Configuration, out ListenerOptions listener, out ChatOptions options, out error)
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
        builder.Services.AddSingleton(listener);
        builder.Services.AddSingleton(_ => listening); // made by a factory, so disposing the host closes the sockets
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ChatServer>();
        builder.Services.AddHostedService<ChatListenerService>();
        builder.Services.AddHostedService<IdleMemoryTrimService>();
        // Connections drain for ShutdownDrain; the host must not give up on them sooner.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownDrain + TimeSpan.FromSeconds(1));
        host = builder.Build();
        return true;
    }
}
