using Chat.Core;
using Chat.Host.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chat.Host;

/// <summary>
/// Composes the chat's generic host from command-line arguments: settings read and checked,
/// logging, the chat server and the listener. Program.cs runs what it builds; the loopback
/// benchmarks start the very same host in their own process.
/// </summary>
internal static class ChatHostBuilder
{
    /// <summary>Builds the host; on a bad setting returns false with the one line to print.</summary>
    public static bool TryBuild(string[] args, out IHost host, out ListenerOptions listener, out string error)
    {
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(args);
        if (!ChatSettings.TryRead(builder.Configuration, out listener, out ChatOptions options, out error))
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
