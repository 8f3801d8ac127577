using System.Net;

namespace Chat.Tests.EndToEnd;

/// <summary>
/// <c>Chat:Address</c> lists one or more addresses: one listener each, all on one port, one
/// <c>Listening on</c> line each; <c>::</c> takes IPv4 clients too. The limits stay the
/// server's, whichever listener a client came through.
/// </summary>
public sealed class HostAddressTests
{
    private static readonly IPAddress SecondLoopback = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task Two_addresses_are_two_listeners_on_one_port_and_both_accept()
    {
        await using HostProcess host = await HostProcess.StartAsync("--Chat:Address=127.0.0.1,127.0.0.2");

        await AssertBothChatAsync(host.Port, IPAddress.Loopback, SecondLoopback);

        Assert.Equal(
            [$"Listening on 127.0.0.1:{host.Port}", $"Listening on 127.0.0.2:{host.Port}"],
            await ListeningLinesAsync(host));
    }

    [IPv6LoopbackFact]
    public async Task Any_IPv6_address_takes_IPv4_clients_too_and_logs_them_as_IPv4()
    {
        await using HostProcess host = await HostProcess.StartAsync("--Chat:Address=::");

        await AssertBothChatAsync(host.Port, IPAddress.Loopback, IPAddress.IPv6Loopback);

        Assert.Equal([$"Listening on [::]:{host.Port}"], await ListeningLinesAsync(host));
        Assert.Contains("opened from 127.0.0.1:", host.StandardOutput);
        Assert.DoesNotContain("::ffff:", host.StandardOutput);
    }

    [IPv6LoopbackFact]
    public async Task IPv4_and_IPv6_loopback_together()
    {
        await using HostProcess host = await HostProcess.StartAsync("--Chat:Address=127.0.0.1,::1");

        await AssertBothChatAsync(host.Port, IPAddress.Loopback, IPAddress.IPv6Loopback);

        Assert.Equal(
            [$"Listening on 127.0.0.1:{host.Port}", $"Listening on [::1]:{host.Port}"],
            await ListeningLinesAsync(host));
    }

    [IPv6LoopbackFact]
    public async Task An_IPv4_client_of_a_dual_stack_socket_counts_as_its_IPv4_address()
    {
        // 127.0.0.2 through an IPv6 socket arrives as ::ffff:127.0.0.1, through the IPv4 one
        // as 127.0.0.1: one address, one share.
        await using HostProcess host = await HostProcess.StartAsync(
            "--Chat:Address=127.0.0.1,::ffff:127.0.0.2", "--Chat:MaxConnectionsPerIp=1");
        await using TcpChatClient first = await TcpChatClient.LoginAsync(host.Port, "first");

        await using TcpChatClient second = await TcpChatClient.ConnectAsync(host.Port, address: SecondLoopback);

        Assert.Equal("Too many connections from your address.", await second.ReadLineAsync());
        await second.ExpectClosedAsync();
    }

    /// <summary>A user through each address; each sees the other: one server behind both listeners.</summary>
    private static async Task AssertBothChatAsync(int port, IPAddress one, IPAddress other)
    {
        await using TcpChatClient alice = await TcpChatClient.LoginAsync(port, "alice", one);
        await using TcpChatClient bob = await TcpChatClient.LoginAsync(port, "bob", other);
        Assert.Equal("*** bob joined lobby ***", await alice.ReadLineAsync());
        await bob.SendLineAsync("hi");
        Assert.EndsWith("[lobby] bob: hi", await alice.ReadLineAsync());
    }

    /// <summary>Every <c>Listening on</c> line the host printed, read once it has exited.</summary>
    private static async Task<string[]> ListeningLinesAsync(HostProcess host)
    {
        Assert.Equal(0, await host.TerminateAsync());
        return host.StandardOutput.Split('\n').Where(l => HostProcess.ListeningLine().IsMatch(l)).ToArray();
    }
}
