using Chat.Client.Net;

namespace Chat.Client.Modes;

/// <summary>
/// The client for scripts, when stdin or stdout is not a terminal: every input line is sent
/// as it is, every server line printed as it is (a name prompt, which has no LF, gets one),
/// and the client exits once input has ended and the server has been quiet for
/// <c>quietPeriod</c>, or as soon as the server closes.
/// </summary>
/// <remarks>
/// Only server lines go to stdout, so a script can read them as they are; the client's own
/// words (<c>Server closed connection</c>) go to stderr.
/// </remarks>
internal sealed class PipeMode
{
    private readonly ChatConnection _connection;
    private readonly ClientConsole _console;
    private readonly string? _name;
    private readonly TimeSpan _quietPeriod;
    private readonly TimeSpan _goodbyeTimeout;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _nameSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _linesReceived;
    private volatile bool _quitSent;

    public PipeMode(ChatConnection connection, ClientConsole console, string? name, TimeSpan quietPeriod, TimeSpan goodbyeTimeout)
    {
        _connection = connection;
        _console = console;
        _name = name;
        _quietPeriod = quietPeriod;
        _goodbyeTimeout = goodbyeTimeout;
        if (name is null)
        {
            _nameSent.SetResult();
        }
    }

    public async Task<int> RunAsync(CancellationToken interrupt)
    {
        using var stop = new CancellationTokenSource();
        Task reading = ReadServerAsync(stop.Token);
        Task input = PumpInputAsync(stop.Token);
        Task interrupted = Task.Delay(Timeout.Infinite, interrupt).ContinueWith(_ => { }, TaskScheduler.Default);

        Task first = await Task.WhenAny(_closed.Task, input, interrupted);
        if (first == input)
        {
            await WaitUntilQuietAsync(interrupted, stop.Token);
        }
        if (interrupt.IsCancellationRequested && !_closed.Task.IsCompleted)
        {
            // Ctrl+C: leave the way /quit does.
            await SendQuietlyAsync(ServerWording.Quit);
            _quitSent = true;
            await Task.WhenAny(_closed.Task, Task.Delay(_goodbyeTimeout, CancellationToken.None));
        }
        if (_closed.Task.IsCompleted && !_quitSent)
        {
            await _console.Error.WriteLineAsync("Server closed connection");
        }
        stop.Cancel();
        await reading;
        return 0;
    }

    private async Task WaitUntilQuietAsync(Task interrupted, CancellationToken stop)
    {
        while (!_closed.Task.IsCompleted && !interrupted.IsCompleted)
        {
            long seen = Interlocked.Read(ref _linesReceived);
            Task quiet = Task.Delay(_quietPeriod, stop);
            if (await Task.WhenAny(quiet, _closed.Task, interrupted) == quiet && Interlocked.Read(ref _linesReceived) == seen)
            {
                return;
            }
        }
    }

    private async Task ReadServerAsync(CancellationToken stop)
    {
        try
        {
            while (await _connection.ReadAsync(stop) is { } line)
            {
                await _console.Out.WriteLineAsync(line.Text);
                await _console.Out.FlushAsync(CancellationToken.None);
                Interlocked.Increment(ref _linesReceived);
                if (line.IsPrompt && _name is not null && !_nameSent.Task.IsCompleted)
                {
                    await SendQuietlyAsync(_name);
                    _nameSent.TrySetResult();
                }
            }
            _closed.TrySetResult();
        }
        catch (OperationCanceledException)
        {
            // The client is exiting.
        }
        finally
        {
            _nameSent.TrySetResult(); // never leave the input pump waiting for a name that will not be asked
        }
    }

    private async Task PumpInputAsync(CancellationToken stop)
    {
        // With --name, the name goes first: input lines sent before it would be taken as names.
        await _nameSent.Task;
        while (!_closed.Task.IsCompleted && await _console.In.ReadLineAsync(stop) is { } line)
        {
            if (ServerWording.IsQuit(line))
            {
                _quitSent = true;
            }
            if (!await SendQuietlyAsync(line))
            {
                return;
            }
        }
    }

    private async Task<bool> SendQuietlyAsync(string line)
    {
        try
        {
            await _connection.SendLineAsync(line);
            return true;
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            return false; // the server is gone; the reader reports it
        }
    }
}
