using Chat.Tests.Support;
using Xunit.Abstractions;

namespace Chat.Tests.Client;

/// <summary>The real client in a real terminal (tmux), with a real person's keys.</summary>
public class TmuxClientTests(ITestOutputHelper log)
{
    private const int Width = 100;
    private const int Height = 20;

    [TmuxFact]
    public async Task A_message_arriving_while_typing_goes_above_the_half_typed_line()
    {
        await using var server = new LoopbackChatServer();
        await using var tmux = new Tmux();
        string port = server.Port.ToString();

        await tmux.NewSessionAsync("bob", Width, Height, ClientProcess.CommandLine(server.Host, port, "--name", "bob"));
        await tmux.WaitForScreenAsync("bob", s => s.Any(r => r.StartsWith("[lobby] bob>", StringComparison.Ordinal)), "bob's prompt");
        await tmux.NewSessionAsync("alice", Width, Height, ClientProcess.CommandLine(server.Host, port, "--name", "alice"));
        await tmux.WaitForScreenAsync("alice", s => s.Any(r => r.StartsWith("[lobby] alice>", StringComparison.Ordinal)), "alice's prompt");

        // Alice types half a line, with wide characters in it, and steps back over two of them.
        const string Half = "half typed 你好";
        await tmux.SendTextAsync("alice", Half);
        await tmux.SendKeysAsync("alice", "Left", "Left");
        await tmux.WaitForScreenAsync("alice", s => s.Contains("[lobby] alice> " + Half), "the half-typed line");

        await tmux.SendTextAsync("bob", "hello from bob");
        await tmux.SendKeysAsync("bob", "Enter");

        string[] screen = await tmux.WaitForScreenAsync(
            "alice", s => s.Any(r => r.EndsWith("] [lobby] bob: hello from bob", StringComparison.Ordinal)), "bob's message");
        log.WriteLine("alice:\n" + string.Join('\n', screen));
        int message = Array.FindIndex(screen, r => r.EndsWith("bob: hello from bob", StringComparison.Ordinal));
        int input = Array.LastIndexOf(screen, "[lobby] alice> " + Half);
        Assert.True(input == message + 1, "the half-typed line is intact right below the message:\n" + string.Join('\n', screen));
        Assert.All(screen.Skip(input + 1), row => Assert.Equal("", row));
        // "[lobby] alice> " is 15 columns, "half typed " 11: the cursor is back before 你.
        Assert.Equal((15 + 11, input), await tmux.CursorAsync("alice"));

        // The line is still Alice's to finish and send.
        await tmux.SendKeysAsync("alice", "End");
        await tmux.SendTextAsync("alice", "!");
        await tmux.SendKeysAsync("alice", "Enter");
        string[] bobScreen = await tmux.WaitForScreenAsync(
            "bob", s => s.Any(r => r.EndsWith("] [lobby] alice: " + Half + "!", StringComparison.Ordinal)), "alice's message");
        log.WriteLine("bob:\n" + string.Join('\n', bobScreen));

        await tmux.SendTextAsync("alice", "/quit");
        await tmux.SendKeysAsync("alice", "Enter");
        Assert.Equal(0, await tmux.WaitForExitAsync("alice"));
        string[] aliceScreen = await tmux.CaptureAsync("alice");
        log.WriteLine("alice at the end:\n" + string.Join('\n', aliceScreen));
        int exitRow = Array.IndexOf(aliceScreen, "[exit 0]");
        Assert.Equal(["[lobby] alice> /quit", "Goodbye!", "[exit 0]"], aliceScreen[(exitRow - 2)..(exitRow + 1)]);
        await tmux.WaitForScreenAsync("bob", s => s.Contains("*** alice left the chat ***"), "alice leaving");

        await tmux.SendKeysAsync("bob", "C-c");
        Assert.Equal(0, await tmux.WaitForExitAsync("bob"));
        Assert.Contains("Goodbye!", await tmux.CaptureAsync("bob"));
    }
}
