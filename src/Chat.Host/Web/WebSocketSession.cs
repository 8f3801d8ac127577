using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Chat.Core;

namespace Chat.Host.Web;

/// <summary>
/// One WebSocket on <c>/ws</c>, bridged onto a chat session: each JSON command becomes the
/// line the line protocol expects (<see cref="WebCommand"/>), each line the session writes
/// becomes one JSON text message. Frames larger than a line may be close with 1009, text
/// that is not UTF-8 with 1007 (RFC 6455 §7.4.1).
/// </summary>
internal sealed class WebSocketSession(WebSocket socket, ChatServer server, string remote)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // JSON quoting may double a line's bytes; more than that is not a command of ours.
    private readonly int _maxFrame = server.Options.MaxLineBytes * 2 + 256;
    private static readonly TimeSpan CloseAllowance = TimeSpan.FromSeconds(5);

    private readonly Pipe _toServer = new();
    private readonly Pipe _fromServer = new();

    public async Task RunAsync(CancellationToken stopping)
    {
        Task<DisconnectReason> session = server.RunConnectionAsync(new DuplexPipe(_toServer.Reader, _fromServer.Writer), remote);
        Task receiving = ReceiveThenEndInputAsync(stopping);
        await SendLinesAsync(); // until the session has written its last line
        await session;
        await CloseAsync(WebSocketCloseStatus.NormalClosure, "");
        // A browser that never answers the close frame does not hold the connection.
        if (await Task.WhenAny(receiving, Task.Delay(CloseAllowance, CancellationToken.None)) != receiving)
        {
            socket.Abort();
        }
        await receiving;
    }

    private async Task ReceiveThenEndInputAsync(CancellationToken stopping)
    {
        await ReceiveCommandsAsync(stopping);
        await _toServer.Writer.CompleteAsync();
    }

    private async Task ReceiveCommandsAsync(CancellationToken stopping)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(_maxFrame + 1);
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                int length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length > _maxFrame)
                    {
                        await RefuseAsync(WebSocketCloseStatus.MessageTooBig, "message too big", buffer);
                        return;
                    }
                    result = await socket.ReceiveAsync(buffer.AsMemory(length, Math.Min(buffer.Length, _maxFrame + 1) - length), stopping);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
                if (length > _maxFrame)
                {
                    await RefuseAsync(WebSocketCloseStatus.MessageTooBig, "message too big", buffer);
                    return;
                }
                if (result.MessageType != WebSocketMessageType.Text || !IsUtf8(buffer.AsSpan(0, length)))
                {
                    await RefuseAsync(WebSocketCloseStatus.InvalidPayloadData, "text frames of UTF-8 JSON only", buffer);
                    return;
                }
                string? line = WebCommand.ToLine(buffer.AsSpan(0, length), out string? problem);
                if (line is null)
                {
                    await SendAsync(WebCommand.ErrorFrame(problem!));
                    continue;
                }
                await _toServer.Writer.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), stopping);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The browser went away or the host is stopping: the session ends like a dropped connection.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Each line the session writes as one text message; the frame is built in one buffer kept for the session.</summary>
    private async Task SendLinesAsync()
    {
        PipeReader lines = _fromServer.Reader;
        var frame = new ArrayBufferWriter<byte>(256);
        using var json = new Utf8JsonWriter(frame);
        try
        {
            while (true)
            {
                ReadResult read = await lines.ReadAsync();
                ReadOnlySequence<byte> buffer = read.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } end)
                {
                    await SendLineAsync(buffer.Slice(0, end), frame, json);
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                }
                if (!buffer.IsEmpty)
                {
                    // A prompt ("Enter your name: ") ends without LF; the write pump flushes whole lines, so what is left is one.
                    await SendLineAsync(buffer, frame, json);
                    buffer = buffer.Slice(buffer.End);
                }
                lines.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            socket.Abort(); // the browser is gone: the receive loop ends, then the session
        }
        await lines.CompleteAsync();
    }

    private async Task SendLineAsync(ReadOnlySequence<byte> line, ArrayBufferWriter<byte> frame, Utf8JsonWriter json)
    {
        frame.ResetWrittenCount();
        json.Reset();
        WebCommand.WriteLineFrame(json, line.IsSingleSegment ? line.FirstSpan : line.ToArray());
        json.Flush();
        if (socket.State == WebSocketState.Open)
        {
            await socket.SendAsync(frame.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
    }

    private async Task SendAsync(byte[] frame)
    {
        if (socket.State == WebSocketState.Open)
        {
            await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
    }

    /// <summary>
    /// Closes with <paramref name="status"/> and waits, for at most CloseAllowance, for the
    /// client's close frame: closing the connection while its frames are still arriving would
    /// reset it, and the client could lose our close frame, and so the reason, with it.
    /// </summary>
    private async Task RefuseAsync(WebSocketCloseStatus status, string reason, byte[] buffer)
    {
        await CloseAsync(status, reason);
        using var allowance = new CancellationTokenSource(CloseAllowance);
        try
        {
            while (socket.State == WebSocketState.CloseSent)
            {
                ValueWebSocketReceiveResult result = await socket.ReceiveAsync(buffer.AsMemory(), allowance.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client neither answered in time nor stayed: nothing more to wait for.
        }
    }

    private async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        if (socket.State == WebSocketState.Open)
        {
            await socket.CloseOutputAsync(status, reason, CancellationToken.None);
        }
    }

    private static bool IsUtf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            StrictUtf8.GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
