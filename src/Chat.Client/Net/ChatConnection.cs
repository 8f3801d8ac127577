using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Chat.Core.Protocol;

namespace Chat.Client.Net;

/// <summary>
/// The client's end of a connection: lines in, lines out, over System.IO.Pipelines. Lines
/// are split by Chat.Core's <see cref="LineFramer"/>, the same code the server reads with.
/// </summary>
/// <remarks>
/// The server's name prompt ends without LF (PROTOCOL.md §1), so no framer would ever
/// return it: when the bytes left over after the last LF are exactly a known prompt, they
/// are handed out as one.
/// </remarks>
internal sealed class ChatConnection : IAsyncDisposable
{
    /// <summary>
    /// The longest line the client takes. The server's longest are name lists: 100 names
    /// of up to 20 runes (PROTOCOL.md §3), well under this. A longer line is dropped rather
    /// than buffered without bound.
    /// </summary>
    public const int MaxLineBytes = 64 * 1024;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly IDuplexPipe _transport;
    private readonly Socket? _socket;
    private readonly Stream? _stream;
    private readonly Queue<ServerLine> _received = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private LineFramer _framer = new(MaxLineBytes);
    private bool _completed;

    public ChatConnection(IDuplexPipe transport, Socket? socket = null, Stream? stream = null)
    {
        _transport = transport;
        _socket = socket;
        _stream = stream;
    }

    /// <summary>
    /// Connects to <paramref name="host"/>:<paramref name="port"/>, over TLS when
    /// <paramref name="tls"/> is given, connection and handshake within <paramref name="timeout"/>.
    /// Throws <see cref="SocketException"/> when the connection fails, and
    /// <see cref="System.Security.Authentication.AuthenticationException"/> or <see cref="IOException"/> when the handshake does.
    /// </summary>
    public static async Task<ChatConnection> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken, SslClientAuthenticationOptions? tls = null)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                await socket.ConnectAsync(host, port, deadline.Token);
                stream = new NetworkStream(socket, ownsSocket: false);
                if (tls is not null)
                {
                    var secured = new SslStream(stream, leaveInnerStreamOpen: false);
                    stream = secured;
                    await secured.AuthenticateAsClientAsync(tls, deadline.Token);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new SocketException((int)SocketError.TimedOut);
            }
        }
        catch
        {
            stream?.Dispose();
            socket.Dispose();
            throw;
        }
        var transport = new StreamDuplexPipe(
            PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true)),
            PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)));
        return new ChatConnection(transport, socket, stream);
    }

    /// <summary>The next line or prompt from the server, or null once the server has closed.</summary>
    public async ValueTask<ServerLine?> ReadAsync(CancellationToken cancellationToken = default)
    {
        PipeReader input = _transport.Input;
        while (_received.Count == 0)
        {
            if (_completed)
            {
                return null;
            }
            ReadResult result;
            try
            {
                result = await input.ReadAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                _completed = true; // reset or aborted: to the user it is the same as closed
                return null;
            }
            ReadOnlySequence<byte> buffer = result.Buffer;
            Frame(ref buffer);
            input.AdvanceTo(buffer.Start, buffer.End);
            // Bytes after the last LF when the server closes are not a line (PROTOCOL.md).
            _completed = result.IsCompleted || result.IsCanceled;
        }
        return _received.Dequeue();
    }

    /// <summary>Sends <paramref name="text"/> as one line. Safe to call from several tasks.</summary>
    public async ValueTask SendLineAsync(string text, CancellationToken cancellationToken = default)
    {
        await _sending.WaitAsync(cancellationToken);
        try
        {
            PipeWriter output = _transport.Output;
            int length = Utf8.GetByteCount(text);
            Span<byte> span = output.GetSpan(length + 1);
            Utf8.GetBytes(text, span);
            span[length] = (byte)'\n';
            output.Advance(length + 1);
            await output.FlushAsync(cancellationToken);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Closes the connection. Call it once nothing is reading or sending any more.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _transport.Output.CompleteAsync();
            await _transport.Input.CompleteAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // Nothing was left unsent (every send flushes), so there is nothing to lose.
        }
        if (_socket is not null)
        {
            try
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // Already gone: nothing left to say goodbye to.
            }
            _socket.Dispose();
        }
        if (_stream is not null)
        {
            await _stream.DisposeAsync();
        }
    }

    private void Frame(ref ReadOnlySequence<byte> buffer)
    {
        FrameStatus status;
        while ((status = _framer.TryReadLine(ref buffer, out ReadOnlySequence<byte> line)) != FrameStatus.NeedMore)
        {
            if (status == FrameStatus.Line)
            {
                // A prompt the server followed with a line of its own before we could answer
                // (a shutdown notice) arrives glued to that line.
                if (PromptAtStart(line) is { } prompt)
                {
                    _received.Enqueue(new ServerLine(Utf8.GetString(line.Slice(0, prompt)), IsPrompt: true));
                    line = line.Slice(prompt);
                }
                _received.Enqueue(new ServerLine(Utf8.GetString(line), IsPrompt: false));
            }
        }
        if (!_framer.IsDiscarding && PromptAtStart(buffer) is { } length && length == buffer.Length)
        {
            _received.Enqueue(new ServerLine(Utf8.GetString(buffer), IsPrompt: true));
            buffer = buffer.Slice(buffer.End);
        }
    }

    /// <summary>The length of the name prompt <paramref name="bytes"/> start with, if they do.</summary>
    private static int? PromptAtStart(in ReadOnlySequence<byte> bytes)
    {
        var reader = new SequenceReader<byte>(bytes);
        foreach (byte[] prompt in ServerWording.Prompts)
        {
            if (reader.IsNext(prompt, advancePast: false))
            {
                return prompt.Length;
            }
        }
        return null;
    }

    private sealed class StreamDuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}
