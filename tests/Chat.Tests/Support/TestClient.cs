using Chat.Testing;
using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Chat.Core;
using Xunit.Sdk;

namespace Chat.Tests.Support;

/// <summary>
/// One in-memory connection: two pipes, the server holding one end of each
/// (<see cref="ServerTransport"/>) and the test the other. Every read and write has a timeout.
/// </summary>
internal sealed class TestClient : IAsyncDisposable
{
    public const string Welcome = "Welcome! Enter your name: ";
    public const string NamePrompt = "Enter your name: ";
    public const string EmptyName = "Name cannot be empty.";

    // What the server sends must be valid UTF-8: decode strictly so a broken line fails the test.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Pipe _toServer;
    private readonly Pipe _fromServer;

    public TestClient(string label, PipeOptions? toServer = null, PipeOptions? fromServer = null)
    {
        Label = label;
        _toServer = new Pipe(toServer ?? NoContext);
        _fromServer = new Pipe(fromServer ?? NoContext);
        ServerTransport = new DuplexPipe(_toServer.Reader, _fromServer.Writer);
    }

    /// <summary>Default pipe options, without xunit's synchronization context.</summary>
    public static PipeOptions NoContext { get; } = new(useSynchronizationContext: false);

    public string Label { get; }

    /// <summary>An IRC door's client: every line must end in CRLF, which reads take off.</summary>
    public bool CrLf { get; init; }

    /// <summary>The end the server reads from and writes to.</summary>
    public IDuplexPipe ServerTransport { get; }

    /// <summary>The server's <c>RunConnectionAsync</c> for this connection.</summary>
    public Task<DisconnectReason> Connection { get; set; } = Task.FromResult(DisconnectReason.None);

    public Task SendLineAsync(string line) => SendRawAsync(Encoding.UTF8.GetBytes(line + "\n"));

    /// <summary>Writes and flushes; the flush waits while the server is behind the pipe's pause threshold.</summary>
    public async Task SendRawAsync(byte[] bytes)
    {
        FlushResult result = await _toServer.Writer.WriteAsync(bytes).DefaultTimeout();
        Assert.False(result.IsCompleted, $"{Label}: the server stopped reading");
    }

    /// <summary>The client closes its sending side, as a socket's FIN does.</summary>
    public Task CloseAsync() => _toServer.Writer.CompleteAsync().DefaultTimeout();

    /// <summary>The next LF-terminated line, without its LF.</summary>
    public async Task<string> ReadLineAsync()
    {
        string pending = "";
        using var timeout = new CancellationTokenSource(TimeoutExtensions.DefaultTimeoutSpan);
        PipeReader reader = _fromServer.Reader;
        while (true)
        {
            ReadResult result = await ReadWithinAsync(timeout.Token,
                () => $"no line arrived within {TimeoutExtensions.DefaultTimeoutSpan}; unterminated so far: \"{pending}\"");
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (buffer.PositionOf((byte)'\n') is { } lf)
            {
                string line = Decode(buffer.Slice(0, lf));
                reader.AdvanceTo(buffer.GetPosition(1, lf));
                if (CrLf)
                {
                    Assert.True(line.EndsWith('\r'), $"{Label}: an IRC line must end with CRLF, got \"{line}\\n\"");
                    return line[..^1];
                }
                Assert.False(line.EndsWith('\r'), $"{Label}: a line must end with a single LF, got \"{line}\\r\\n\"");
                return line;
            }
            pending = Decode(buffer);
            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.End);
                throw new XunitException($"{Label}: connection closed while a line was expected; unterminated: \"{pending}\"");
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public async Task<string[]> ReadLinesAsync(int count)
    {
        var lines = new string[count];
        for (int i = 0; i < count; i++)
        {
            lines[i] = await ReadLineAsync();
        }
        return lines;
    }

    public async Task ExpectLineAsync(string expected) => Assert.Equal(expected, await ReadLineAsync());

    public async Task ExpectLinesAsync(params string[] expected) => Assert.Equal(expected, await ReadLinesAsync(expected.Length));

    /// <summary>Reads exactly the bytes of <paramref name="expected"/>, which need not end with LF (a prompt).</summary>
    public async Task ReadExactAsync(string expected)
    {
        byte[] wanted = Encoding.UTF8.GetBytes(expected);
        string pending = "";
        using var timeout = new CancellationTokenSource(TimeoutExtensions.DefaultTimeoutSpan);
        PipeReader reader = _fromServer.Reader;
        while (true)
        {
            ReadResult result = await ReadWithinAsync(timeout.Token,
                () => $"expected \"{expected}\" within {TimeoutExtensions.DefaultTimeoutSpan}, got only \"{pending}\"");
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (buffer.Length >= wanted.Length)
            {
                ReadOnlySequence<byte> head = buffer.Slice(0, wanted.Length);
                string got = Encoding.UTF8.GetString(head);
                reader.AdvanceTo(head.End);
                Assert.Equal(expected, got);
                return;
            }
            pending = Encoding.UTF8.GetString(buffer);
            if (result.IsCompleted || !wanted.AsSpan().StartsWith(buffer.ToArray()))
            {
                reader.AdvanceTo(buffer.End);
                Assert.Fail($"{Label}: expected \"{expected}\", got \"{pending}\"{(result.IsCompleted ? " and then the connection closed" : "")}");
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes, whatever they are: a telnet command is no UTF-8.</summary>
    public async Task<byte[]> ReadBytesAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeoutExtensions.DefaultTimeoutSpan);
        PipeReader reader = _fromServer.Reader;
        while (true)
        {
            ReadResult result = await ReadWithinAsync(timeout.Token, () => $"{count} bytes did not arrive within {TimeoutExtensions.DefaultTimeoutSpan}");
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (buffer.Length >= count)
            {
                byte[] bytes = buffer.Slice(0, count).ToArray();
                reader.AdvanceTo(buffer.GetPosition(count));
                return bytes;
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new XunitException($"{Label}: connection closed after {buffer.Length} of {count} bytes: {Convert.ToHexString(buffer.ToArray())}");
            }
        }
    }

    /// <summary>One read of the server's bytes; past the deadline, a TimeoutException saying what was awaited.</summary>
    private async Task<ReadResult> ReadWithinAsync(CancellationToken deadline, Func<string> awaited)
    {
        try
        {
            return await _fromServer.Reader.ReadAsync(deadline);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Label}: {awaited()}");
        }
    }

    /// <summary>Reads the greeting, sends <paramref name="name"/> and expects the hello line.</summary>
    public async Task LoginAsync(string name)
    {
        await ReadExactAsync(Welcome);
        await LoginAsyncAfterPrompt(name);
    }

    /// <summary>Sends <paramref name="name"/> to a prompt already read and expects the hello line.</summary>
    public async Task LoginAsyncAfterPrompt(string name)
    {
        await SendLineAsync(name);
        await ExpectLineAsync($"Hello, {name}! You can start chatting. Type /help for commands.");
    }

    /// <summary>Joins <paramref name="room"/> and expects the reply; a history block, if any, is left to read.</summary>
    public async Task JoinAsync(string room)
    {
        await SendLineAsync($"/join {room}");
        await ExpectLineAsync($"Joined room: {room}");
    }

    /// <summary>
    /// Proves nothing is queued for this logged-in client: the server handles a connection's
    /// lines in order and queues its replies in order, so the reply to <c>/who</c> must be the
    /// very next line. (It counts against the rate limit like any command.)
    /// </summary>
    public async Task ExpectNothingPendingAsync()
    {
        await SendLineAsync("/who");
        string line = await ReadLineAsync();
        Assert.True(line.StartsWith("Users in ", StringComparison.Ordinal), $"{Label}: expected nothing before the /who reply, got \"{line}\"");
    }

    /// <summary>The same for a client at the name prompt: an empty line only gets its reason and the prompt back.</summary>
    public async Task ExpectNothingPendingAtPromptAsync()
    {
        await SendLineAsync("");
        await ExpectLineAsync(EmptyName);
        await ReadExactAsync(NamePrompt);
    }

    /// <summary>
    /// Expects the server to have closed the connection with nothing more to read, and its
    /// <c>RunConnectionAsync</c> to have ended; returns why it ended.
    /// </summary>
    public async Task<DisconnectReason> ExpectClosedAsync()
    {
        using var timeout = new CancellationTokenSource(TimeoutExtensions.DefaultTimeoutSpan);
        PipeReader reader = _fromServer.Reader;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{Label}: the server did not close the connection within {TimeoutExtensions.DefaultTimeoutSpan}");
            }
            if (!result.Buffer.IsEmpty)
            {
                string extra = Decode(result.Buffer);
                reader.AdvanceTo(result.Buffer.End);
                Assert.Fail($"{Label}: expected the connection to close, got \"{extra}\"");
            }
            if (result.IsCompleted)
            {
                break;
            }
            reader.AdvanceTo(result.Buffer.End);
        }
        return await Connection.DefaultTimeout();
    }

    /// <summary>Reads and discards until the server closes; for a client that stopped reading.</summary>
    public async Task DrainUntilClosedAsync()
    {
        using var timeout = new CancellationTokenSource(TimeoutExtensions.DefaultTimeoutSpan);
        PipeReader reader = _fromServer.Reader;
        while (true)
        {
            ReadResult result = await reader.ReadAsync(timeout.Token);
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    /// <summary>Closes both pipe ends, as a client that goes away does; the server then ends the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _toServer.Writer.CompleteAsync();
        await _fromServer.Reader.CompleteAsync();
    }

    private static string Decode(ReadOnlySequence<byte> bytes) => StrictUtf8.GetString(bytes);
}
