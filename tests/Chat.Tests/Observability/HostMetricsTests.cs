using System.Diagnostics.Metrics;
using System.Net;
using Chat.Host;
using Chat.Host.Transport;
using Chat.Tests.EndToEnd;
using Chat.Tests.History;
using Chat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chat.Tests.Observability;

/// <summary>
/// The host as Program.cs builds it counts on the <c>Chat</c> meter of its own
/// <see cref="IMeterFactory"/>, the one <c>dotnet-counters monitor --counters Chat</c> reads
/// (benchmarks/README.md, "Metrics", shows such a run).
/// </summary>
public sealed class HostMetricsTests
{
    [Fact]
    public async Task The_host_counts_logins_messages_and_deliveries_and_its_history_store_reports()
    {
        using var files = new HistoryFiles();
        Assert.True(ChatHostBuilder.TryBuild(
            ["--Chat:Port=0", "--Chat:HistoryStore=Sqlite", $"--Chat:HistoryPath={files.Database}", "--Logging:LogLevel:Default=Warning"],
            out IHost host, out string error), error);
        using (host)
        {
            using var metrics = new MetricsRecorder(host.Services.GetRequiredService<IMeterFactory>());
            await host.StartAsync().DefaultTimeout();
            int port = ((IPEndPoint)host.Services.GetRequiredService<ListeningSockets>().Sockets[0].Socket.LocalEndPoint!).Port;
            await using (TcpChatClient alice = await TcpChatClient.LoginAsync(port, "alice"))
            await using (TcpChatClient bob = await TcpChatClient.LoginAsync(port, "bob"))
            {
                for (int i = 0; i < 5; i++)
                {
                    await alice.SendLineAsync($"m{i}");
                    Assert.EndsWith($"[lobby] alice: m{i}", await bob.ReadLineAsync());
                }
                await alice.SendLineAsync("/who"); // answered after the five are counted
                while (!(await alice.ReadLineAsync()).StartsWith("Users in lobby: ", StringComparison.Ordinal))
                {
                }

                Assert.Equal(2, metrics.Sum("chat.logins"));
                Assert.Equal(5, metrics.Sum("chat.messages.received"));
                Assert.Equal(5, metrics.Sum("chat.deliveries"));
                Assert.Equal(2, metrics.Sum("chat.active_connections"));
            }
            Assert.Contains("chat.history.queued_messages", metrics.Instruments);
            Assert.Contains("chat.history.commit.duration", metrics.Instruments);
            await host.StopAsync().WaitAsync(HostProcess.Timeout);
        }
    }
}
