using Chat.Testing;
using System.IO.Pipelines;
using System.Text;
using Chat.Client.Net;
using Chat.Tests.Support;

namespace Chat.Tests.Client;

public class ChatConnectionTests
{

    /// <summary>
    /// A server that sends <paramref name="pieces"/>, each in a read of its own (as a slow
    /// network splits them), then closes. Returns all the connection makes of them.
    /// </summary>
    private static async Task<List<ServerLine>> ReadAllAsync(params string[] pieces)
    {
        var fromServer = PipeReader.Create(new PiecewiseStream(pieces.Select(Encoding.UTF8.GetBytes)));
        var toServer = new Pipe();
        await using var connection = new ChatConnection(new DuplexPipe(fromServer, toServer.Writer));
        var lines = new List<ServerLine>();
        while (await connection.ReadAsync().DefaultTimeout() is { } line)
        {
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>A stream whose reads return one piece at a time (a long piece in several reads).</summary>
    private sealed class PiecewiseStream(IEnumerable<byte[]> pieces) : Stream
    {
        private readonly Queue<byte[]> _pieces = new(pieces.Where(p => p.Length > 0));
        private int _offset;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_pieces.Count == 0)
            {
                return 0;
            }
            byte[] piece = _pieces.Peek();
            int n = Math.Min(buffer.Length, piece.Length - _offset);
            piece.AsSpan(_offset, n).CopyTo(buffer);
            _offset += n;
            if (_offset == piece.Length)
            {
                _pieces.Dequeue();
                _offset = 0;
            }
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
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
        await using (var connection = new ChatConnection(new DuplexPipe(fromServer.Reader, toServer.Writer)))
        {
            await connection.SendLineAsync("привет").DefaultTimeout();
            await connection.SendLineAsync("/quit").DefaultTimeout();
        }
        ReadResult sent = await toServer.Reader.ReadAtLeastAsync(int.MaxValue).DefaultTimeout();

        Assert.Equal("привет\n/quit\n", Encoding.UTF8.GetString(sent.Buffer));
    }

    [Fact]
    public async Task Talks_to_a_real_server_over_TCP()
    {
        await using var server = new LoopbackChatServer();
        await using ChatConnection connection = await ChatConnection.ConnectAsync(server.Host, server.Port, TimeoutExtensions.DefaultTimeoutSpan, CancellationToken.None).DefaultTimeout();

        Assert.Equal(Prompt("Welcome! Enter your name: "), await connection.ReadAsync().DefaultTimeout());
        await connection.SendLineAsync("alice").DefaultTimeout();
        Assert.Equal(Line("Hello, alice! You can start chatting. Type /help for commands."), await connection.ReadAsync().DefaultTimeout());
        await connection.SendLineAsync("/quit").DefaultTimeout();
        Assert.Equal(Line("Goodbye!"), await connection.ReadAsync().DefaultTimeout());
        Assert.Null(await connection.ReadAsync().DefaultTimeout());
    }
}
