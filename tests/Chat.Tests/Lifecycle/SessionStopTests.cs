using System.IO.Pipelines;
using Chat.Core;
using Chat.Core.Model;
using Chat.Core.Protocol;
using Chat.Core.Sessions;
using Chat.Tests.Support;

namespace Chat.Tests.Lifecycle;

/// <summary>
/// Why a session ends: the first reason wins, except that an overflowed outbox makes every stop
/// a too-slow one, and the overflow itself ends the session from the session's side.
/// </summary>
public sealed class SessionStopTests
{
    private readonly Outbox _outbox = new(maxBytes: 4);
    private readonly Pipe _input = new();
    private readonly SessionStop _stop;

    public SessionStopTests()
    {
        var pacer = new LinePacer(new SlidingWindowRateLimiter(0, TimeSpan.FromSeconds(1), TimeProvider.System), 0, TimeProvider.System);
        _stop = new SessionStop(_outbox, _input.Reader, pacer);
    }

    [Fact]
    public void TheFirstReasonWins()
    {
        Assert.True(_stop.TryStop(DisconnectReason.Quit));
        Assert.False(_stop.TryStop(DisconnectReason.Closed));
        _stop.Abort(DisconnectReason.Shutdown);

        Assert.Equal(DisconnectReason.Quit, _stop.Reason);
    }

    [Fact]
    public void AfterAnOverflowEveryStopIsTooSlow()
    {
        // /quit whose Goodbye! overflows the outbox: the client could not take it.
        _outbox.EnqueueLast(EncodedLine.FromText("Goodbye!"));

        Assert.True(_stop.TryStop(DisconnectReason.Quit));
        Assert.Equal(DisconnectReason.TooSlow, _stop.Reason);
    }

    [Fact]
    public async Task AnOverflowEndsTheSessionAsTooSlowAndWakesItsReadLoop()
    {
        ValueTask<ReadResult> reading = _input.Reader.ReadAsync();
        Task watching = _stop.AbortWhenOverflowedAsync();

        Assert.False(_outbox.TryEnqueue(EncodedLine.FromText("too long")));

        Assert.True((await reading.AsTask().DefaultTimeout()).IsCanceled);
        await watching.DefaultTimeout();
        Assert.Equal(DisconnectReason.TooSlow, _stop.Reason);
    }
}
