using System.Net;
using System.Net.Sockets;
using System.Text;
using Chat.Tests.EndToEnd;

namespace Chat.Tests.Hosting;

/// <summary>
/// Under systemd (deploy/chat.service, <c>Type=notify</c>) the server says <c>READY=1</c> on
/// <c>NOTIFY_SOCKET</c> only once it listens and its history store is open, and logs in the
/// journal's format. systemd is played by a Unix datagram socket of the test's and a parent
/// process named <c>systemd</c> (<see cref="HostProcess.StartUnderSystemd"/>).
/// </summary>
public sealed class SystemdTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("chat-notify-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public async Task ReadyIsSentOnceTheServerListensWithItsHistoryStoreOpenAndTheLogIsJournalFormatted()
    {
        string database = Path.Combine(_temp, "chat.db");
        string notifySocket = Path.Combine(_temp, "notify");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(notifySocket));
        var received = new byte[4096];
        Task<int> firstNotice = notify.ReceiveAsync(received, SocketFlags.None);
        int port = FreePort();

        await using HostProcess host = HostProcess.StartUnderSystemd(
            _temp, new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notifySocket },
            $"--Chat:Port={port}", "--Chat:HistoryStore=Sqlite", $"--Chat:HistoryPath={database}");
        string notice = Encoding.UTF8.GetString(received, 0, await firstNotice.WaitAsync(HostProcess.Timeout));

        // Told ready: the store holds its lock, and the port takes a user at once.
        Assert.Equal(["READY=1"], notice.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(File.Exists(database + "-lock"));
        await using (TcpChatClient alice = await TcpChatClient.LoginAsync(port, "alice"))
        {
        }
        // journald reads the level from "<6>" and stamps the time itself.
        await host.WaitForOutputAsync(line => line.StartsWith("<6>Microsoft.Hosting.Lifetime[0] Application started.", StringComparison.Ordinal));
        await host.WaitForOutputAsync(line => line.StartsWith("<6>Chat.Core.ChatServer[2] Connection 1 logged in as alice", StringComparison.Ordinal));
        Assert.Equal("", host.StandardError);
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
