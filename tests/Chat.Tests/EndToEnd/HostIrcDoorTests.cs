using Chat.Tests.Support;

namespace Chat.Tests.EndToEnd;

/// <summary>
/// The host's IRC door (PROTOCOL.md, "The IRC door" and "Settings"): <c>Chat:IrcPort</c> opens it
/// on the same addresses, announced after the line door as <c>Listening on ADDRESS:PORT (irc)</c>;
/// an IRC client over TCP and a telnet-style client talk in one room.
/// </summary>
public sealed class HostIrcDoorTests
{
    [Fact]
    public async Task TheIrcDoorIsAnnouncedAfterTheLineDoorAndItsUsersTalkWithLineUsers()
    {
        await using HostProcess host = await HostProcess.StartAsync("--Chat:IrcPort=0", "--Chat:ServerName=irc.test");
        int ircPort = await host.DoorPortAsync("irc");
        string[] listening = host.StandardOutput.Split('\n').Where(l => l.StartsWith("Listening on", StringComparison.Ordinal)).ToArray();
        Assert.Equal([$"Listening on 127.0.0.1:{host.Port}", $"Listening on 127.0.0.1:{ircPort} (irc)"], listening);

        await using TcpChatClient bob = await TcpChatClient.LoginAsync(host.Port, "bob");
        await using TcpChatClient alice = await TcpChatClient.ConnectAsync(ircPort);
        await alice.SendLineAsync("NICK alice\r\nUSER alice 0 * :Alice\r\nJOIN #lobby\r");
        await alice.ReadUntilAsync(":irc.test 366 alice #lobby :End of /NAMES list\r");
        await bob.ReadUntilAsync("*** alice joined lobby ***");

        await bob.SendLineAsync("hello irc");
        Assert.Equal(":bob!bob@irc.test PRIVMSG #lobby :hello irc\r", await alice.ReadLineAsync());
        await alice.SendLineAsync("PRIVMSG #lobby :hello line\r");
        Assert.EndsWith("[lobby] alice: hello line", await bob.ReadLineAsync());
    }

    [Theory]
    [InlineData("--Chat:IrcPort=70000", "Invalid setting Chat:IrcPort: 70000 is not between 0 and 65535.")]
    [InlineData("--Chat:ServerName=a b", "Invalid setting Chat:ServerName: \"a b\" is not a server name (1-63 printable ASCII characters, no space, ':', '!' or '@').")]
    public async Task ABadIrcSettingIsOneLineNamingItsKey(string setting, string message)
    {
        var (exitCode, stderr, _) = await HostProcess.RunToExitAsync(["--Chat:Port=0", setting]);
        Assert.Equal(1, exitCode);
        Assert.Equal(message, stderr);
    }
}
