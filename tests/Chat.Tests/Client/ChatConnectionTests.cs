using System.IO.Pipelines;
using System.Text;
using Chat.Client.Net;
using Chat.Tests.Support;

namespace Chat.Tests.Client;

public class ChatConnectionTests
{
    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }

    /// <summary>Feeds <paramref name="wire"/> to a connection in the given pieces and reads everything it makes of them.</summary>
    private static async Task<List<ServerLine>> ReadAllAsync(params string[] pieces)
    {
        var fromServer = new Pipe();
        var toServer = new Pipe();
        await using var connection = new ChatConnection(new Duplex(fromServer.Reader, toServer.Writer));
        var lines = new List<ServerLine>();
        foreach (string piece in pieces)
        {
            await fromServer.Writer.WriteAsync(Encoding.UTF8.GetBytes(piece)).AsTask().Within();
            // Read what this piece completes before the next arrives, as a slow network would.
            while (await TryReadNowAsync(connection) is { } line)
            {
                lines.Add(line);
            }
        }
        await fromServer.Writer.CompleteAsync();
        while (await connection.ReadAsync().Within() is { } line)
        {
            lines.Add(line);
        }
        return lines;
    }

    private static async Task<ServerLine?> TryReadNowAsync(ChatConnection connection)
    {
        using var now = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        try
        {
            return await connection.ReadAsync(now.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static ServerLine Line(string text) => new(text, IsPrompt: false);

    private static ServerLine Prompt(string text) => new(text, IsPrompt: true);

    [Fact]
    public async Task Lines_are_split_at_LF_with_CR_dropped_and_UTF8_decoded()
    {
        List<ServerLine> lines = await ReadAllAsync("[PM from Łucja]: дай 😀\r\n*** a ***\nunfinished");

        Assert.Equal([Line("[PM from Łucja]: дай 😀"), Line("*** a ***")], lines);
    }

    [Theory]
    [InlineData("Welcome! Enter your name: ")]
    [InlineData("Enter your name: ")]
    public async Task The_name_prompt_is_recognised_without_its_LF_at_every_split(string prompt)
    {
        string wire = "Name already taken.\n" + prompt;
        for (int split = 0; split <= wire.Length; split++)
        {
            List<ServerLine> lines = await ReadAllAsync(wire[..split], wire[split..]);

            Assert.Equal([Line("Name already taken."), Prompt(prompt)], lines);
        }
    }

    [Fact]
    public async Task A_prompt_glued_to_the_next_line_is_still_a_prompt()
    {
        List<ServerLine> lines = await ReadAllAsync("Welcome! Enter your name: *** Server is shutting down ***\n");

        Assert.Equal([Prompt("Welcome! Enter your name: "), Line("*** Server is shutting down ***")], lines);
    }

    [Fact]
    public async Task Text_without_LF_that_is_not_a_prompt_waits_and_is_dropped_at_close()
    {
        List<ServerLine> lines = await ReadAllAsync("Enter your", " name? ");

        Assert.Empty(lines);
    }

    [Fact]
    public async Task Over_long_lines_are_dropped_without_being_held()
    {
        string huge = new('x', ChatConnection.MaxLineBytes + 10);

        List<ServerLine> lines = await ReadAllAsync(huge[..1000], huge[1000..] + "\nafter\n");

        Assert.Equal([Line("after")], lines);
    }

    [Fact]
    public async Task Sent_lines_end_with_LF()
    {
        var fromServer = new Pipe();
        var toServer = new Pipe();
        await using (var connection = new ChatConnection(new Duplex(fromServer.Reader, toServer.Writer)))
        {
            await connection.SendLineAsync("привет").AsTask().Within();
            await connection.SendLineAsync("/quit").AsTask().Within();
        }
        ReadResult sent = await toServer.Reader.ReadAtLeastAsync(int.MaxValue).AsTask().Within();

        Assert.Equal("привет\n/quit\n", Encoding.UTF8.GetString(sent.Buffer));
    }

    [Fact]
    public async Task Talks_to_a_real_server_over_TCP()
    {
        await using var server = new LoopbackChatServer();
        await using ChatConnection connection = await ChatConnection.ConnectAsync(server.Host, server.Port, ClientTimeouts.Default, CancellationToken.None).Within();

        Assert.Equal(Prompt("Welcome! Enter your name: "), await connection.ReadAsync().Within());
        await connection.SendLineAsync("alice").AsTask().Within();
        Assert.Equal(Line("Hello, alice! You can start chatting. Type /help for commands."), await connection.ReadAsync().Within());
        await connection.SendLineAsync("/quit").AsTask().Within();
        Assert.Equal(Line("Goodbye!"), await connection.ReadAsync().Within());
        Assert.Null(await connection.ReadAsync().Within());
    }
}
