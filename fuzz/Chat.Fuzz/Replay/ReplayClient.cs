using Chat.Testing;
using System.Buffers;
using System.IO.Pipelines;
using Chat.Core;

namespace Chat.Fuzz.Replay;

/// <summary>What one client of a replay received, and how its connection ended.</summary>
public sealed record ClientTranscript(int Client, DisconnectReason Reason, byte[] Output)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Output);
}

/// <summary>
/// One client of a replay: an in-memory duplex pipe to the server, a connection running on
/// it, and a reader that takes everything the server sends as fast as it comes, as a
/// client that keeps reading does.
/// </summary>
internal sealed class ReplayClient
{
    /// <summary>Output kept per client for the checks and the transcript; the rest is read and dropped.</summary>
    private const int MaxTranscriptBytes = 4 * 1024 * 1024;

    /// <summary>
    /// The input segment size of each client: the first gets the pipe's default 4 KiB
    /// blocks, as from a socket; the others 1- and 7-byte blocks (see <see cref="TinyBlockPool"/>).
    /// </summary>
    private static readonly int[] BlockSizes = [0, 1, 7];

    private readonly int _index;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly ObservedReader _serverInput;
    private readonly Task<DisconnectReason> _connection;
    private readonly Task<(byte[] Kept, long Total)> _reading;
    private long _written;
    private int _turns;

    private ReplayClient(ChatServer server, int index)
    {
        _index = index;
        int block = BlockSizes[index];
        _input = new Pipe(block == 0
            ? PipeOptions.Default
            : new PipeOptions(pool: new TinyBlockPool(block), minimumSegmentSize: block));
        _output = new Pipe();
        _serverInput = new ObservedReader(_input.Reader);
        _reading = ReadAllAsync(_output.Reader);
        _connection = server.RunConnectionAsync(new DuplexPipe(_serverInput, _output.Writer), $"replay-client-{index + 1}");
    }

    /// <summary>The client's number as the input names it: 1, 2 or 3.</summary>
    public int Number => _index + 1;

    public static ReplayClient Connect(ChatServer server, int index) => new(server, index);

    /// <summary>
    /// Writes <paramref name="bytes"/> as one write and waits until the server has handled
    /// them and asks for more, or has ended the connection. An empty turn only connects; a
    /// closed connection takes no more turns, as a socket the server has closed.
    /// </summary>
    public async Task SendAsync(ReadOnlyMemory<byte> bytes, TimeSpan patience)
    {
        _turns++;
        if (bytes.IsEmpty || _connection.IsCompleted)
        {
            return; // nothing to write would wake the server; a closed connection takes no more
        }
        _written += bytes.Length;
        Task idle = _serverInput.WhenIdle(_written);
        try
        {
            await _input.Writer.WriteAsync(bytes).AsTask().WaitAsync(patience);
            await Task.WhenAny(idle, _connection).WaitAsync(patience);
        }
        catch (TimeoutException)
        {
            throw new ReplayFailure(
                $"client {Number}, turn {_turns}: the server neither handled the turn's {bytes.Length} bytes " +
                $"nor ended the connection within {patience.TotalSeconds} s");
        }
    }

    /// <summary>The client hangs up: no more input.</summary>
    public void Close() => _input.Writer.Complete();

    /// <summary>Waits for the server to end the connection and complete its output; both must happen.</summary>
    public async Task<ClientTranscript> FinishAsync(TimeSpan patience)
    {
        DisconnectReason reason;
        try
        {
            reason = await _connection.WaitAsync(patience);
        }
        catch (TimeoutException)
        {
            throw new ReplayFailure($"client {Number}: the connection did not end within {patience.TotalSeconds} s of the client closing");
        }
        catch (Exception ex)
        {
            throw new ReplayFailure($"client {Number}: an exception escaped ChatServer.RunConnectionAsync", ex);
        }
        (byte[] kept, long total) output;
        try
        {
            output = await _reading.WaitAsync(patience);
        }
        catch (TimeoutException)
        {
            throw new ReplayFailure($"client {Number}: the connection ended ({reason}) but the server never completed its output");
        }
        if (output.kept.Length == output.total && OutputCheck.FindViolation(output.kept) is { } violation)
        {
            throw new ReplayFailure($"client {Number} received {violation}");
        }
        return new ClientTranscript(Number, reason, output.kept);
    }

    /// <summary>After a failure: hangs up both ways so the session ends and leaves nothing running.</summary>
    public void Abandon()
    {
        _input.Writer.Complete();
        _output.Reader.CancelPendingRead();
    }

    private static async Task<(byte[] Kept, long Total)> ReadAllAsync(PipeReader reader)
    {
        var kept = new ArrayBufferWriter<byte>();
        long total = 0;
        try
        {
            while (true)
            {
                ReadResult result = await reader.ReadAsync();
                foreach (ReadOnlyMemory<byte> segment in result.Buffer)
                {
                    total += segment.Length;
                    if (kept.WrittenCount + segment.Length <= MaxTranscriptBytes)
                    {
                        kept.Write(segment.Span);
                    }
                }
                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }
        return (kept.WrittenSpan.ToArray(), total);
    }
}
