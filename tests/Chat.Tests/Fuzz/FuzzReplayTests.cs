using System.Text;
using System.Text.RegularExpressions;
using Chat.Core;
using Chat.Fuzz.Replay;

namespace Chat.Tests.Fuzz;

/// <summary>
/// The fuzz harness's replay (fuzz/Chat.Fuzz/Replay, compiled into this assembly): that it
/// drives the protocol as the fuzzer believes, that its checks catch what they are for,
/// and that every seed of fuzz/seeds passes. An input the fuzzer finds to break the server
/// becomes a test here that replays it the same way (fuzz/README.md, "A finding").
/// </summary>
public sealed partial class FuzzReplayTests
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static TheoryData<string> Seeds()
    {
        var seeds = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(SeedDirectory).Order())
        {
            seeds.Add(Path.GetFileName(path));
        }
        return seeds;
    }

    private static string SeedDirectory => Path.Combine(AppContext.BaseDirectory, "Fuzz", "seeds");

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Every_seed_replays_without_breaking_the_server(string seed)
    {
        byte[] input = await File.ReadAllBytesAsync(Path.Combine(SeedDirectory, seed));
        IReadOnlyList<ClientTranscript> clients = await ChatReplay.RunAsync(input).WaitAsync(Timeout);
        Assert.NotEmpty(clients);
        Assert.All(clients, client => Assert.StartsWith("Welcome! Enter your name: ", client.Text));
    }

    [Fact]
    public async Task A_replay_plays_the_turns_of_each_client_in_order()
    {
        byte[] input = Encoding.UTF8.GetBytes("1alice\nhello\n\u001e2bob\n/who\n\u001e1/msg bob hi\n/quit\n");

        IReadOnlyList<ClientTranscript> clients = await ChatReplay.RunAsync(input).WaitAsync(Timeout);

        Assert.Equal([1, 2], clients.Select(c => c.Client));
        Assert.Equal(DisconnectReason.Quit, clients[0].Reason);
        Assert.Equal(
            "Welcome! Enter your name: Hello, alice! You can start chatting. Type /help for commands.\n" +
            "*** bob joined lobby ***\n" +
            "[PM to bob]: hi\n" +
            "Goodbye!\n",
            clients[0].Text);
        Assert.Equal(DisconnectReason.Closed, clients[1].Reason);
        Assert.Equal(
            "Welcome! Enter your name: Hello, bob! You can start chatting. Type /help for commands.\n" +
            "=== Recent messages ===\n" +
            "[--:--] [lobby] alice: hello\n" +
            "=== End of history ===\n" +
            "Users in lobby: alice, bob\n" +
            "[PM from alice]: hi\n" +
            "*** alice left the chat ***\n",
            WithoutTimes(clients[1].Text));
    }

    [Fact]
    public async Task A_session_reads_the_same_whatever_segments_its_bytes_arrive_in()
    {
        // Client 1's input pipe has 4 KiB segments, client 2's 1-byte and client 3's 7-byte
        // ones: every CR, IAC sequence and UTF-8 character below is cut somewhere.
        byte[] session = Concat(
            "alice\r\n",
            "/msg alice \u00ff\u00fb\u0001telnet \u00ff\u00ff\u00ff\u00fa\u0018xterm\u00ff\u00f0 done\r\n",
            "/msg alice caf\u00c3\u00a9 \u00f0\u009f\u0098\u0080 \u00c3\u0028 \u001b[31mred\u001b[0m\r\n",
            "/join r\u00c3\u00a9\r\n",
            new string('x', 600) + "\r\n",
            "/who\r\r\n",
            "/rooms\n",
            "cut at the end, no LF");

        var transcripts = new List<string>();
        foreach (char client in "123")
        {
            IReadOnlyList<ClientTranscript> replay = await ChatReplay.RunAsync(Concat(client.ToString()).Concat(session).ToArray()).WaitAsync(Timeout);
            transcripts.Add(WithoutTimes(Assert.Single(replay).Text));
        }

        Assert.Contains("[PM from alice]: telnet \ufffd done\n", transcripts[0]);
        Assert.Contains("[PM from alice]: caf\u00e9 \U0001F600 \ufffd( red\n", transcripts[0]);
        Assert.Contains("Message too long (max 100 characters).\n", transcripts[0]);
        Assert.Contains("Users in r\u00e9: alice\n", transcripts[0]);
        Assert.Equal(transcripts[0], transcripts[1]);
        Assert.Equal(transcripts[0], transcripts[2]);
    }

    [Theory]
    [InlineData("tab\tand LF\n", null)]
    [InlineData("Welcome! Enter your name: ", null)]
    [InlineData("caf\u00e9 \U0001F600 \ufffd\n", null)]
    [InlineData("red \u001b[31m\n", "U+001B at byte 4")]
    [InlineData("cr\r\n", "U+000D at byte 2")]
    [InlineData("c1 \u009b\n", "U+009B at byte 3")]
    [InlineData("bidi \u202e\n", "U+202E at byte 5")]
    [InlineData("isolate \u2066\n", "U+2066 at byte 8")]
    [InlineData("zero\u200Bwidth\n", "U+200B at byte 4")]
    [InlineData("tag \U000E0041\n", "U+E0041 at byte 4")]
    [InlineData("joined \U0001F469\u200D\U0001F4BB\n", null)]
    public void The_output_check_finds_what_no_client_may_receive(string output, string? violation)
    {
        string? found = OutputCheck.FindViolation(Encoding.UTF8.GetBytes(output));

        if (violation is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.StartsWith(violation, found);
        }
    }

    [Fact]
    public void The_output_check_lets_telnet_refusals_through_and_nothing_else_of_telnet()
    {
        Assert.Null(OutputCheck.FindViolation([0xFF, 0xFC, 0x06, (byte)'o', (byte)'k', (byte)'\n', 0xFF, 0xFE, 0xFF]));
        Assert.StartsWith("invalid UTF-8 at byte 0", OutputCheck.FindViolation([0xFF, 0xFB, 0x01])); // the server enables nothing
        Assert.StartsWith("invalid UTF-8 at byte 2", OutputCheck.FindViolation([(byte)'o', (byte)'k', 0xFF, 0xFC]));
    }

    [Fact]
    public void The_output_check_finds_bytes_that_are_not_utf8()
    {
        Assert.StartsWith("invalid UTF-8 at byte 3", OutputCheck.FindViolation([(byte)'a', (byte)'b', (byte)' ', 0xC3, 0x28, (byte)'\n']));
    }

    [Fact]
    public void An_error_the_server_logs_fails_the_replay_with_its_exception()
    {
        var logger = new FailureLogger();
        logger.ThrowIfAnyError();
        var thrown = new InvalidOperationException("from a read loop");

        logger.Log(Microsoft.Extensions.Logging.LogLevel.Error, default, "state", thrown, (_, _) => "Connection 1 () failed");

        ReplayFailure failure = Assert.Throws<ReplayFailure>(logger.ThrowIfAnyError);
        Assert.Same(thrown, failure.InnerException);
        Assert.Contains("Connection 1 () failed", failure.Message);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("\u001e\u001e", 0)]
    [InlineData("1alice\n", 1)]
    [InlineData("1a\u001e2b\u001e3c\u001e4d", 4)]
    public void An_input_splits_into_turns_at_the_separator(string input, int turns)
    {
        List<Turn> parsed = FuzzInput.Parse(Encoding.Latin1.GetBytes(input));

        Assert.Equal(turns, parsed.Count);
        if (turns == 4)
        {
            Assert.Equal([0, 1, 2, 0], parsed.Select(t => t.Client));
            Assert.Equal("d", Encoding.Latin1.GetString(parsed[3].Bytes.Span));
        }
    }

    /// <summary>Latin-1 strings as the bytes they spell, so tests can write raw bytes as \u00XX.</summary>
    private static byte[] Concat(params string[] parts) => Encoding.Latin1.GetBytes(string.Concat(parts));

    private static string WithoutTimes(string text) => Time().Replace(text, "[--:--]");

    [GeneratedRegex(@"\[\d\d:\d\d\]")]
    private static partial Regex Time();
}
