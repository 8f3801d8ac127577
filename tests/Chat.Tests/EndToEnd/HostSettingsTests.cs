using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Chat.Tests.EndToEnd;

/// <summary>
/// A bad setting, or an address the host cannot listen on, stops it before it starts: one
/// line on stderr naming the key, nothing else printed, exit code 1.
/// </summary>
public sealed class HostSettingsTests
{
    [Theory]
    [InlineData("--Chat:Port=70000", "Invalid setting Chat:Port: 70000 is not between 0 and 65535.")]
    [InlineData("--Chat:Port=-1", "Invalid setting Chat:Port: -1 is not between 0 and 65535.")]
    [InlineData("--Chat:Port=http", "Invalid setting Chat:Port: http is not a whole number.")]
    [InlineData("--Chat:Address=chat.example", "Invalid setting Chat:Address: chat.example is not an IP address.")]
    [InlineData("--Chat:HistorySize=-5", "Invalid setting Chat:HistorySize: -5 is less than 0.")]
    [InlineData("--Chat:MaxMessageLength=0", "Invalid setting Chat:MaxMessageLength: 0 is less than 1.")]
    [InlineData("--Chat:OutboxBytes=-1", "Invalid setting Chat:OutboxBytes: -1 is less than 1.")]
    [InlineData("--Chat:RateLimitWindow=00:00:00", "Invalid setting Chat:RateLimitWindow: 00:00:00 must be more than zero.")]
    [InlineData("--Chat:RateLimitBurst=-1", "Invalid setting Chat:RateLimitBurst: -1 is less than 0.")]
    [InlineData("--Chat:LoginTimeout=soon", "Invalid setting Chat:LoginTimeout: soon is not a duration such as 00:00:05.")]
    [InlineData("--Chat:Address=127.0.0.1,localhost", "Invalid setting Chat:Address: localhost is listed twice.")]
    [InlineData("--Chat:Address=127.0.0.1,", "Invalid setting Chat:Address: 127.0.0.1, has an empty entry.")]
    [InlineData("--Chat:Address=127.0.0.1,chat.example", "Invalid setting Chat:Address: chat.example is not an IP address.")]
    [InlineData("--Chat:Address=::1,::", "Invalid setting Chat:Address: ::1 is already covered by ::.")]
    [InlineData("--Chat:Address=0.0.0.0,127.0.0.1", "Invalid setting Chat:Address: 127.0.0.1 is already covered by 0.0.0.0.")]
    [InlineData("--Chat:DeadPeerTimeout=00:00:01.5", "Invalid setting Chat:DeadPeerTimeout: 00:00:01.5 is not a whole number of seconds.")]
    [InlineData("--Chat:DeadPeerTimeout=-00:00:05", "Invalid setting Chat:DeadPeerTimeout: -00:00:05 must be zero or more.")]
    [InlineData("--Chat:HistoryStore=Redis", "Invalid setting Chat:HistoryStore: Redis is not one of Sqlite, Memory.")]
    [InlineData("--Chat:HistoryPath= ", "Invalid setting Chat:HistoryPath: it is empty.")]
    [InlineData("--Chat:HistoryRetention=00:00:00", "Invalid setting Chat:HistoryRetention: 00:00:00 must be more than zero.")]
    [InlineData("--Chat:HistoryFlushInterval=00:05:00", "Invalid setting Chat:HistoryFlushInterval: 00:05:00 is more than 00:01:00.")]
    [InlineData("--Chat:HistoryRoomCap=0", "Invalid setting Chat:HistoryRoomCap: 0 is less than 1.")]
    public async Task A_bad_value_is_one_line_on_stderr_and_exit_code_one(string argument, string expected)
    {
        var (exitCode, stderr, stdout) = await HostProcess.RunToExitAsync([argument]);

        Assert.Equal(1, exitCode);
        Assert.Equal(expected, stderr.Trim());
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task Environment_variables_are_read_and_checked_too()
    {
        var (exitCode, stderr, _) = await HostProcess.RunToExitAsync([], new Dictionary<string, string> { ["Chat__MaxConnections"] = "0" });

        Assert.Equal(1, exitCode);
        Assert.Equal("Invalid setting Chat:MaxConnections: 0 is less than 1.", stderr.Trim());
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2,127.0.0.1")] // the socket already bound on 127.0.0.2 is closed again
    public async Task A_port_in_use_is_one_line_naming_the_setting_and_no_stack_trace(string addresses)
    {
        var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        try
        {
            int port = ((IPEndPoint)other.LocalEndpoint).Port;

            var (exitCode, stderr, stdout) = await HostProcess.RunToExitAsync([$"--Chat:Address={addresses}", $"--Chat:Port={port}"]);

            Assert.Equal(1, exitCode);
            Assert.Equal($"Cannot listen on 127.0.0.1:{port}: Chat:Port {port} is in use.", stderr);
            Assert.Equal("", stdout); // the host's log once carried the stack trace here
        }
        finally
        {
            other.Stop();
        }
    }

    [Fact]
    public async Task An_address_this_machine_does_not_have_is_one_line_naming_the_setting()
    {
        // Documentation addresses (RFC 5737): binding one sends nothing anywhere.
        IPAddress[] local = NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(a => a.Address).ToArray();
        IPAddress absent = new[] { "192.0.2.1", "198.51.100.1", "203.0.113.1" }.Select(IPAddress.Parse).First(a => !local.Contains(a));

        var (exitCode, stderr, stdout) = await HostProcess.RunToExitAsync([$"--Chat:Address={absent}", "--Chat:Port=8888"]);

        Assert.Equal(1, exitCode);
        Assert.Equal($"Cannot listen on {absent}:8888: Chat:Address {absent} is not an address of this machine.", stderr);
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task Unknown_keys_are_ignored_and_settings_take_effect()
    {
        await using HostProcess host = await HostProcess.StartAsync("--Chat:NoSuchKey=1", "--Chat:MaxMessageLength=5");
        await using TcpChatClient alice = await TcpChatClient.LoginAsync(host.Port, "alice");

        await alice.SendLineAsync("123456");
        Assert.Equal("Message too long (max 5 characters).", await alice.ReadLineAsync());
    }
}
