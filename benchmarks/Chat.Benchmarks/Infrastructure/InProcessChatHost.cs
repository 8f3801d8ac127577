using System.Text.RegularExpressions;
using Chat.Host;
using Microsoft.Extensions.Hosting;

namespace Chat.Benchmarks.Infrastructure;

/// <summary>
/// Chat.Host's generic host, built by the host's own <see cref="ChatHostBuilder"/> and
/// started in this process, so that the benchmark's memory diagnoser sees the server's
/// allocations too.
/// </summary>
internal static partial class InProcessChatHost
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Starts the host with <paramref name="args"/> (pass <c>--Chat:Port=0</c>) and returns it with the port it bound.</summary>
    public static async Task<(IHost Host, int Port)> StartAsync(params string[] args)
    {
        // The web door is off unless asked for: its default port 8080 may be taken.
        if (!ChatHostBuilder.TryBuild(["--Chat:IrcPort=", "--Chat:WebPort=", .. args], out IHost host, out string error))
        {
            throw new ArgumentException(error, nameof(args));
        }

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
