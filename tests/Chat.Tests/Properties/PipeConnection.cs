using Chat.Testing;
using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Chat.Core;

namespace Chat.Tests.Properties;

/// <summary>
/// One in-memory connection to a <see cref="ChatServer"/>: a pipe each way and a reader that
/// collects every line the server sends, as it comes. Waits end on an event or fail after
/// <see cref="Timeout"/>; nothing here sleeps.
/// </summary>
internal sealed class PipeConnection
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    // What the server sends must be valid UTF-8: a broken line fails the test.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly PipeOptions Options = new(useSynchronizationContext: false);

    private readonly Pipe _toServer = new(Options);
    private readonly Pipe _fromServer = new(Options);
    private readonly List<string> _lines = [];
    private readonly Task _reading;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _readFailure;

    public PipeConnection(ChatServer server)
    {
        Session = server.RunConnectionAsync(new DuplexPipe(_toServer.Reader, _fromServer.Writer), "pipe");
        _reading = ReadAsync();
    }

    /// <summary>The server's run of this connection; it ends once the server has let go of it.</summary>
    public Task<DisconnectReason> Session { get; }

    /// <summary>What came after the last LF when the server closed (a prompt, say); null while open.</summary>
    public string? Tail { get; private set; }

    public async Task SendAsync(string text) =>
        await _toServer.Writer.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask().WaitAsync(Timeout);

    /// <summary>Ends what the client sends, as a client closing its socket does.</summary>
    public async Task CloseAsync() => await _toServer.Writer.CompleteAsync().AsTask().WaitAsync(Timeout);

    /// <summary>
    /// Every line received so far, once there are at least <paramref name="count"/>, or as soon as
    /// <paramref name="wrong"/> says the lines so far cannot be right, or when the connection
    /// ended or <see cref="Timeout"/> passed: the caller compares, and so sees what differs.
    /// </summary>
    public async Task<List<string>> LinesAsync(int count, Func<List<string>, bool>? wrong = null)
    {
        DateTime deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            Task changed;
            lock (_lines)
            {
                if (_readFailure is not null)
                {
                    throw new InvalidOperationException("reading from the server failed", _readFailure);
                }
                List<string> lines = [.. _lines];
                if (lines.Count >= count || Tail is not null || wrong?.Invoke(lines) == true || DateTime.UtcNow >= deadline)
                {
                    return lines;
                }
                changed = _changed.Task;
            }
            try
            {
                await changed.WaitAsync(Max(deadline - DateTime.UtcNow, TimeSpan.Zero));
            }
            catch (TimeoutException)
            {
                // One last look, then the caller's comparison tells what is missing.
            }
        }
    }

    /// <summary>Waits for the server to end the connection and for its last byte; returns every line.</summary>
    public async Task<(DisconnectReason Reason, List<string> Lines)> ClosedAsync()
    {
        DisconnectReason reason = await Session.WaitAsync(Timeout);
        await _reading.WaitAsync(Timeout);
        lock (_lines)
        {
            return (reason, [.. _lines]);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private async Task ReadAsync()
    {
        PipeReader reader = _fromServer.Reader;
        try
        {
            while (true)
            {
                ReadResult result = await reader.ReadAsync();
                var buffer = result.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } lf)
                {
                    Add(StrictUtf8.GetString(buffer.Slice(0, lf)));
                    buffer = buffer.Slice(buffer.GetPosition(1, lf));
                }
                if (result.IsCompleted)
                {
                    lock (_lines)
                    {
                        Tail = StrictUtf8.GetString(buffer);
                    }
                    break;
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (Exception ex)
        {
            lock (_lines)
            {
                _readFailure = ex;
            }
        }
        await reader.CompleteAsync();
        Signal();
    }

    private void Add(string line)
    {
        lock (_lines)
        {
            _lines.Add(line);
        }
        Signal();
    }

    private void Signal()
    {
        TaskCompletionSource changed;
        lock (_lines)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }
}
