using Chat.Tests.Client;
using Chat.Tests.Support;
using Xunit.Abstractions;

namespace Chat.Tests.EndToEnd;

/// <summary>A test that drives the real telnet in tmux; skipped, not failed, where either is not installed (CI installs both).</summary>
public sealed class TelnetFactAttribute : FactAttribute
{
    public TelnetFactAttribute()
    {
        if (!Tmux.IsInstalled || !Tmux.IsOnPath("telnet"))
        {
            Skip = "telnet or tmux is not installed (apt-get install -y telnet tmux)";
        }
    }
}

/// <summary>
/// Debian's telnet (inetutils) in a real terminal. Its Ctrl+C sends <c>IAC IP IAC DO
/// TIMING-MARK</c> and throws away everything the server sends until the timing mark is
/// answered (PROTOCOL.md §6, "Telnet"): unanswered, the user never sees another line.
/// </summary>
public sealed class TelnetTests(ITestOutputHelper log)
{
    [TelnetFact]
    public async Task After_each_CtrlC_telnet_still_shows_the_replies()
    {
        await using var server = new LoopbackChatServer();
        await using var tmux = new Tmux();
        await tmux.NewSessionAsync("telnet", 80, 20, $"telnet {server.Host} {server.Port}");
        try
        {
            await tmux.WaitForScreenAsync("telnet", s => s.Any(r => r.StartsWith("Welcome! Enter your name:", StringComparison.Ordinal)), "the prompt");
            await TypeLineAsync(tmux, "alice");
            await tmux.WaitForScreenAsync("telnet", s => s.Contains("Hello, alice! You can start chatting. Type /help for commands."), "the hello line");

            await tmux.SendKeysAsync("telnet", "C-c");
            await tmux.WaitForScreenAsync("telnet", s => s.Any(r => r.StartsWith("^C", StringComparison.Ordinal)), "the ^C echo");
            await TypeLineAsync(tmux, "/who");
            await tmux.WaitForScreenAsync("telnet", s => s.Contains("Users in lobby: alice"), "the /who reply after Ctrl+C");

            // A second Ctrl+C asks again, and must be answered again.
            await tmux.SendKeysAsync("telnet", "C-c");
            await tmux.WaitForScreenAsync("telnet", s => s.Count(r => r.StartsWith("^C", StringComparison.Ordinal)) == 2, "the second ^C echo");
            await TypeLineAsync(tmux, "/list");
            await tmux.WaitForScreenAsync("telnet", s => s.Contains("Online users: alice (lobby)"), "the /list reply after the second Ctrl+C");

            await TypeLineAsync(tmux, "/quit");
            await tmux.WaitForScreenAsync("telnet", s => s.Contains("Goodbye!") && s.Any(r => r.StartsWith("[exit ", StringComparison.Ordinal)), "telnet leaving");
        }
        finally
        {
            log.WriteLine("telnet's screen:\n" + string.Join('\n', await tmux.CaptureAsync("telnet")).TrimEnd());
        }
    }

    private static async Task TypeLineAsync(Tmux tmux, string line)
    {
        await tmux.SendTextAsync("telnet", line);
        await tmux.SendKeysAsync("telnet", "Enter");
    }
}
