using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Chat.Host;
using Chat.Host.Transport;
using Chat.Tests.EndToEnd;
using Chat.Tests.History;
using Chat.Tests.Support;
using Chat.Tests.Tls;
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
            ["--Chat:Port=0", "--Chat:IrcPort=", "--Chat:WebPort=", "--Chat:HistoryStore=Sqlite", $"--Chat:HistoryPath={files.Database}", "--Logging:LogLevel:Default=Warning"],
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

    [Fact]
    public async Task Tls_connections_are_tagged_and_every_handshake_is_timed_a_failed_one_with_its_error()
    {
        using var certificates = new TestCertificates();
        Assert.True(ChatHostBuilder.TryBuild(
            ["--Chat:Port=0", "--Chat:IrcPort=", "--Chat:WebPort=", "--Chat:HistoryStore=Memory", "--Logging:LogLevel:Default=None", .. certificates.HostSettings],
            out IHost host, out string error), error);
        using (host)
        {
            using var metrics = new MetricsRecorder(host.Services.GetRequiredService<IMeterFactory>());
            await host.StartAsync().DefaultTimeout();
            var tlsPort = (IPEndPoint)host.Services.GetRequiredService<ListeningSockets>().Sockets.Single(s => s.Door.Tls).Socket.LocalEndPoint!;

            using (var client = new TcpClient())
            {
                await client.ConnectAsync(tlsPort).DefaultTimeout();
                await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
                await tls.AuthenticateAsClientAsync("localhost").DefaultTimeout();
                var welcome = new byte[64];
                Assert.True(await tls.ReadAsync(welcome).AsTask().DefaultTimeout() > 0); // the session runs
                Assert.Equal(1, metrics.Sum("chat.active_connections", ("chat.door", "line"), ("chat.tls", true)));
                Assert.Equal(0, metrics.Sum("chat.active_connections", ("chat.door", "line"), ("chat.tls", false)));
            }
            Assert.Single(metrics.Recorded("chat.tls_handshake.duration"));

            // Plain text on the TLS port: the handshake fails, and says so.
            using (var plain = new TcpClient())
            {
                await plain.ConnectAsync(tlsPort).DefaultTimeout();
                NetworkStream stream = plain.GetStream();
                await stream.WriteAsync(Encoding.ASCII.GetBytes("alice\n")).AsTask().DefaultTimeout();
                Assert.Equal(0, await stream.ReadAsync(new byte[64]).AsTask().DefaultTimeout()); // closed by the server
            }
            await host.StopAsync().WaitAsync(HostProcess.Timeout);
            Assert.Single(metrics.Recorded("chat.tls_handshake.duration", ("error.type", "failed")));
            Assert.Equal(2, metrics.Recorded("chat.tls_handshake.duration").Count);
        }
    }
}
