using System.Text.RegularExpressions;
using Chat.Core;
using Chat.Host;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chat.Benchmarks.Infrastructure;

/// <summary>
/// Chat.Host's generic host, started in this process so that the benchmark's memory
/// diagnoser sees the server's allocations too. It is composed from the host's own parts
/// (settings, listener service, socket transport) the way src/Chat.Host/Program.cs composes
/// them; only the console logging setup is left out, as logging is turned down anyway.
/// </summary>
internal static partial class InProcessChatHost
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Starts the host with <paramref name="args"/> (pass <c>--Chat:Port=0</c>) and returns it with the port it bound.</summary>
    public static async Task<(IHost Host, int Port)> StartAsync(params string[] args)
    {
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(args);
        if (!ChatSettings.TryRead(builder.Configuration, out ListenEndpoint endpoint, out ChatOptions options, out string error))
        {
            throw new ArgumentException(error, nameof(args));
        }
        builder.Services.AddSingleton(endpoint);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ChatServer>();
        builder.Services.AddHostedService<ChatListenerService>();
        IHost host = builder.Build();

        // The host prints "Listening on 127.0.0.1:PORT" to standard output, as scripts expect
        // (PROTOCOL.md, Settings); read the port from there.
        TextWriter console = Console.Out;
        var printed = new StringWriter();
        Console.SetOut(printed);
        try
        {
            await host.StartAsync().WaitAsync(StartTimeout);
        }
        finally
        {
            Console.SetOut(console);
        }
        Match listening = ListeningLine().Match(printed.ToString());
        if (!listening.Success)
        {
            host.Dispose();
            throw new InvalidOperationException($"The host did not say where it listens: '{printed}'");
        }
        return (host, int.Parse(listening.Groups[1].Value));
    }

    [GeneratedRegex(@"Listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();
}
