using Chat.Tests.Client;
using Chat.Tests.EndToEnd;
using Xunit.Abstractions;

namespace Chat.Tests.Irc;

/// <summary>
/// A real IRC client, irssi, in a real terminal (tmux), on the host's IRC door, with a line
/// user on the line door: they join, talk, act and exchange private messages, and irssi quits.
/// </summary>
public sealed class IrssiTests(ITestOutputHelper log)
{
    [IrssiFact]
    public async Task Irssi_and_a_line_user_talk_act_and_whisper_in_the_lobby()
    {
        await using HostProcess host = await HostProcess.StartAsync("--Chat:IrcPort=0", "--Chat:ServerName=chat.test");
        int ircPort = await host.DoorPortAsync("irc");
        await using TcpChatClient bob = await TcpChatClient.LoginAsync(host.Port, "bob");
        DirectoryInfo home = Directory.CreateTempSubdirectory("chat-irssi-");
        try
        {
            await using var tmux = new Tmux();
            await tmux.NewSessionAsync("alice", 100, 30, $"irssi --home={home.FullName} -n alice -c 127.0.0.1 -p {ircPort}");
            await tmux.WaitForScreenAsync("alice", s => s.Any(r => r.Contains("MOTD File is missing")), "irssi's registration");

            await Type(tmux, "/join #lobby");
            await bob.ReadUntilAsync("*** alice joined lobby ***");
            await tmux.WaitForScreenAsync("alice", s => s.Any(r => r.Contains("Total of 2 nicks")), "NAMES with bob");

            await bob.SendLineAsync("hello irssi");
            await bob.SendLineAsync("/me nods");
            await tmux.WaitForScreenAsync("alice", s => s.Any(r => r.Contains("bob> hello irssi")) && s.Any(r => r.Contains("* bob nods")), "bob's message and action");

            await Type(tmux, "hi bob");
            Assert.EndsWith("[lobby] alice: hi bob", await bob.ReadLineAsync());
            await Type(tmux, "/me waves");
            Assert.EndsWith("[lobby] * alice waves", await bob.ReadLineAsync());
            await Type(tmux, "/msg bob psst");
            Assert.Equal("[PM from alice]: psst", await bob.ReadLineAsync());

            log.WriteLine("alice:\n" + string.Join('\n', await tmux.CaptureAsync("alice")));
            await Type(tmux, "/quit");
            // The server's side of a clean quit: alice leaves as "quit", not "closed". (irssi's
            // own exit is not waited for: it clears its screen, and the exit line can be lost.)
            Assert.Equal("*** alice left the chat ***", await bob.ReadLineAsync());
            await host.WaitForOutputAsync(l => l.EndsWith("(alice) closed: quit", StringComparison.Ordinal));
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    private static async Task Type(Tmux tmux, string line)
    {
        await tmux.SendTextAsync("alice", line);
        await tmux.SendKeysAsync("alice", "Enter");
    }
}
