using Chat.Client;
using Chat.Client.Modes;
using Chat.Tests.Client;
using Chat.Tests.EndToEnd;

namespace Chat.Tests.Tls;

/// <summary>
/// <c>chat --tls</c>: the port it defaults to, the command lines it refuses, and servers it
/// must not trust (a certificate from a CA the system does not know, or not the one <c>--ca</c> names).
/// </summary>
public sealed class ClientTlsTests : IDisposable
{
    private readonly TestCertificates _certificates = new();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public void Tls_defaults_to_the_tls_door_port()
    {
        Assert.True(ClientOptions.TryParse(["--tls", "chat.example"], out ClientOptions defaults, out _));
        Assert.Equal(("chat.example", 6698, true, (string?)null), (defaults.Host, defaults.Port, defaults.Tls, defaults.CaFile));

        Assert.True(ClientOptions.TryParse(["chat.example", "7000", "--tls", "--ca=ca.pem"], out ClientOptions given, out _));
        Assert.Equal(("chat.example", 7000, true, "ca.pem"), (given.Host, given.Port, given.Tls, given.CaFile));
    }

    [Theory]
    [InlineData("--ca needs --tls.", "--ca", "ca.pem")]
    [InlineData("--ca needs a file.", "--tls", "--ca")]
    [InlineData("--ca needs a file.", "--tls", "--ca=")]
    public async Task A_bad_ca_option_prints_usage_and_exits_2(string reason, params string[] args)
    {
        (int exit, _, string error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.StartsWith(reason + Environment.NewLine + "Usage: chat [host] [port] [--name NAME] [--tls [--ca FILE]]", error);
    }

    [Fact]
    public async Task A_ca_file_that_cannot_be_read_exits_2()
    {
        string missing = Path.Combine(_certificates.Directory, "missing.pem");

        (int exit, _, string error) = await RunAsync("--tls", "127.0.0.1", "1", "--ca", missing);

        Assert.Equal(2, exit);
        Assert.StartsWith($"Cannot read --ca {missing}: ", error);
    }

    [Fact]
    public async Task A_server_the_system_does_not_trust_is_a_failed_connection()
    {
        await using HostProcess host = await HostProcess.StartAsync(_certificates.HostSettings);
        int port = await host.DoorPortAsync("line+tls");

        (int exit, string output, string error) = await RunAsync("--tls", "127.0.0.1", port.ToString(), "--name", "bob");

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.StartsWith($"Cannot connect to 127.0.0.1:{port}: TLS handshake failed: ", error);
    }

    [Fact]
    public async Task With_ca_only_that_authority_is_trusted()
    {
        using var otherAuthority = new TestCertificates();
        await using HostProcess host = await HostProcess.StartAsync(_certificates.HostSettings);
        int port = await host.DoorPortAsync("line+tls");

        (int exit, _, string error) = await RunAsync("--tls", "127.0.0.1", port.ToString(), "--ca", otherAuthority.CaPath, "--name", "bob");

        Assert.Equal(1, exit);
        Assert.StartsWith($"Cannot connect to 127.0.0.1:{port}: TLS handshake failed: ", error);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new WatchedWriter();
        var error = new WatchedWriter();
        int exit = await ClientApp.RunAsync(args, new ClientConsole(TextReader.Null, output, error), CancellationToken.None).WaitAsync(ClientProcess.Timeout);
        return (exit, output.ToString(), error.ToString());
    }
}
