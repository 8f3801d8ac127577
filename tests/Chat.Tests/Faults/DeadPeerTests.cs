using System.Diagnostics;
using Chat.Tests.EndToEnd;

namespace Chat.Tests.Faults;

/// <summary>
/// PROTOCOL.md §4: a client whose network vanished (no FIN, no RST, just silence) is found
/// dead within <c>Chat:DeadPeerTimeout</c>; its room is told it left and its name is free.
/// The client runs in a network namespace whose link the test cuts, as a Wi-Fi drop does.
/// </summary>
public sealed class DeadPeerTests
{
    // Short, so the test is quick; TcpChatClient.Timeout (10 s) bounds the wait for the notice.
    private const string DeadPeerTimeout = "00:00:03";

    [IsolatedNetworkFact]
    public Task An_idle_client_whose_network_vanished_is_dropped_and_its_name_freed() =>
        CutAliceOffAsync(sendToHer: false);

    /// <summary>Keepalive stays silent while data waits for an ACK: this one needs TCP_USER_TIMEOUT.</summary>
    [IsolatedNetworkFact]
    public Task A_client_whose_network_vanished_while_a_line_was_on_its_way_is_dropped_too() =>
        CutAliceOffAsync(sendToHer: true);

    private static async Task CutAliceOffAsync(bool sendToHer)
    {
        await using IsolatedNetwork network = await IsolatedNetwork.CreateAsync();
        await using HostProcess host = await HostProcess.StartAsync(
            $"--Chat:Address={network.HostAddress}", $"--Chat:DeadPeerTimeout={DeadPeerTimeout}");
        await using TcpChatClient bob = await TcpChatClient.LoginAsync(host.Port, "bob", network.HostAddress);
        Process alice = network.StartInside("nc", network.HostAddress.ToString(), host.Port.ToString());
        await alice.StandardInput.WriteAsync("alice\n");
        await alice.StandardInput.FlushAsync();
        Assert.Equal("*** alice joined lobby ***", await bob.ReadLineAsync());

        await network.CutAsync();
        if (sendToHer)
        {
            await bob.SendLineAsync("are you there?");
        }

        Assert.Equal("*** alice left the chat ***", await bob.ReadLineAsync());
        await using TcpChatClient again = await TcpChatClient.LoginAsync(host.Port, "alice", network.HostAddress);
    }
}
