using System.Net;
using System.Net.Sockets;
using Chat.Client;
using Chat.Client.Modes;
using Chat.Tests.Support;

namespace Chat.Tests.Client;

public class ExitCodeTests
{
    /// <summary>A loopback port nobody listens on: bound, noted, released.</summary>
    internal static int ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new WatchedWriter();
        var error = new WatchedWriter();
        int exit = await ClientApp.RunAsync(args, new ClientConsole(TextReader.Null, output, error), CancellationToken.None).DefaultTimeout();
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_refused_connection_prints_the_reason_and_exits_1()
    {
        int port = ClosedPort();

        (int exit, string output, string error) = await RunAsync("127.0.0.1", port.ToString());

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal($"Cannot connect to 127.0.0.1:{port}: Connection refused" + Environment.NewLine, error);
    }

    [Theory]
    [InlineData("127.0.0.1", "http")]
    [InlineData("127.0.0.1", "70000")]
    [InlineData("--name")]
    [InlineData("--colour")]
    [InlineData("a", "1", "extra")]
    public async Task A_bad_command_line_prints_usage_and_exits_2(params string[] args)
    {
        (int exit, _, string error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Contains("Usage: chat [host] [port] [--name NAME]", error);
    }

    [Fact]
    public async Task Help_prints_usage_and_exits_0()
    {
        (int exit, string output, _) = await RunAsync("--help");

        Assert.Equal(0, exit);
        Assert.StartsWith("Usage:", output);
    }

    [Fact]
    public void Arguments_default_to_the_local_server()
    {
        Assert.True(ClientOptions.TryParse([], out ClientOptions defaults, out _));
        Assert.Equal(("127.0.0.1", 8888, (string?)null), (defaults.Host, defaults.Port, defaults.Name));

        Assert.True(ClientOptions.TryParse(["chat.example", "9000", "--name=Łucja"], out ClientOptions given, out _));
        Assert.Equal(("chat.example", 9000, "Łucja"), (given.Host, given.Port, given.Name));
    }
}
