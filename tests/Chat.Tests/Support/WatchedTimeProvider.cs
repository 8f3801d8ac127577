using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Chat.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells a test when the server starts a timer, so that
/// the test moves the clock only once the server waits on it: a timer started after the move
/// would be due a whole wait later.
/// </summary>
internal sealed class WatchedTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Channel<TimeSpan> _started = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ITimer timer = base.CreateTimer(callback, state, dueTime, period);
        _started.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Waits until a timer due in <paramref name="dueTime"/> has been started; timers due otherwise are skipped.</summary>
    public async Task WaitForTimerAsync(TimeSpan dueTime)
    {
        using var timeout = new CancellationTokenSource(TimeoutExtensions.DefaultTimeoutSpan);
        try
        {
            TimeSpan started;
            do
            {
                started = await _started.Reader.ReadAsync(timeout.Token);
            }
            while (started != dueTime);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no timer due in {dueTime} was started within {TimeoutExtensions.DefaultTimeoutSpan}");
        }
    }
}
