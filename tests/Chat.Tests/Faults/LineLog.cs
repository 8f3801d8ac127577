using Chat.Tests.EndToEnd;

namespace Chat.Tests.Faults;

/// <summary>
/// Reads every line a <see cref="TcpChatClient"/> receives, in the background, so that a client
/// in a busy room never stops reading; tests wait on what arrives, each wait with a timeout.
/// </summary>
internal sealed class LineLog
{
    private readonly List<string> _lines = [];
    private readonly Task _reading;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _ended;

    public LineLog(TcpChatClient client)
    {
        Client = client;
        _reading = Task.Run(ReadAsync);
    }

    public TcpChatClient Client { get; }

    public int Count
    {
        get { lock (_lines) { return _lines.Count; } }
    }

    public List<string> Snapshot()
    {
        lock (_lines)
        {
            return [.. _lines];
        }
    }

    /// <summary>Waits until a line from <paramref name="from"/> on satisfies <paramref name="match"/>; returns its index.</summary>
    public async Task<int> WaitForAsync(Func<string, bool> match, int from = 0, TimeSpan? timeout = null)
    {
        DateTime deadline = DateTime.UtcNow + (timeout ?? TcpChatClient.Timeout);
        int next = from;
        while (true)
        {
            Task changed;
            lock (_lines)
            {
                for (; next < _lines.Count; next++)
                {
                    if (match(_lines[next]))
                    {
                        return next;
                    }
                }
                if (_ended)
                {
                    throw new InvalidOperationException($"the connection ended first; last lines: {string.Join(" | ", _lines.TakeLast(5))}");
                }
                changed = _changed.Task;
            }
            TimeSpan left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"no such line; last lines: {string.Join(" | ", Snapshot().TakeLast(5))}");
            }
            try
            {
                await changed.WaitAsync(left);
            }
            catch (TimeoutException)
            {
                // Look once more, then fail above.
            }
        }
    }

    /// <summary>Sends <paramref name="command"/> and returns the lines of its reply, up to the reply of a <c>/who</c> sent after it.</summary>
    public async Task<List<string>> AskAsync(string command, string whoReplyPrefix = "Users in ")
    {
        int from = Count;
        await Client.SendAsync(System.Text.Encoding.UTF8.GetBytes($"{command}\n/who\n"));
        int end = await WaitForAsync(l => l.StartsWith(whoReplyPrefix), from);
        return Snapshot()[from..end];
    }

    /// <summary>Waits for the reader to see the connection end (after the client was disposed, say).</summary>
    public Task Ended => _reading;

    private async Task ReadAsync()
    {
        try
        {
            for (string? line; (line = await Client.ReadLineOrNullAsync()) is not null;)
            {
                TaskCompletionSource changed;
                lock (_lines)
                {
                    _lines.Add(line);
                    changed = _changed;
                    _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                changed.TrySetResult();
            }
        }
        catch (ObjectDisposedException)
        {
            // The test closed the client.
        }
        finally
        {
            lock (_lines)
            {
                _ended = true;
            }
            _changed.TrySetResult();
        }
    }
}
