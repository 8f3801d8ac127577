using System.IO.Pipelines;
using Chat.Core.Model;

namespace Chat.Core.Sessions;

/// <summary>
/// Why a session ends, and ending it from outside its read loop. The first reason wins, with one
/// exception: once the outbox has overflowed, whatever stops the session stops it as
/// <see cref="DisconnectReason.TooSlow"/>, since the overflow came first even if the session has
/// not yet seen it.
/// </summary>
internal sealed class SessionStop(Outbox outbox, PipeReader input, LinePacer pacer)
{
    private int _reason;

    public DisconnectReason Reason => (DisconnectReason)Volatile.Read(ref _reason);

    public bool IsStopping => Reason != DisconnectReason.None;

    /// <summary>Sets the reason, if none is set yet; for the read loop, which sees it at once.</summary>
    public bool TryStop(DisconnectReason reason)
    {
        if (outbox.Overflowed)
        {
            reason = DisconnectReason.TooSlow;
        }
        return Interlocked.CompareExchange(ref _reason, (int)reason, (int)DisconnectReason.None) == (int)DisconnectReason.None;
    }

    /// <summary>Stops the session from another thread (a timer, shutdown, an overflow): its read loop is woken to end it.</summary>
    public void Abort(DisconnectReason reason)
    {
        if (!TryStop(reason))
        {
            return;
        }
        // The transport may resume its reader inline: cancelled here, the read loop, and the
        // user's departure from its room, would run on the caller's thread (a timer's, or the
        // one telling every session of shutdown). So cancel from the pool.
        ThreadPool.UnsafeQueueUserWorkItem(static stop => stop.WakeReadLoop(), this, preferLocal: false);
    }

    /// <summary>
    /// Ends the session as too slow once its outbox overflows. The overflow happens inside
    /// another user's broadcast; this resumes on the thread pool, not there.
    /// </summary>
    public async Task AbortWhenOverflowedAsync()
    {
        await outbox.WhenOverflowed;
        Abort(DisconnectReason.TooSlow);
    }

    private void WakeReadLoop()
    {
        pacer.Cancel();
        input.CancelPendingRead();
    }
}
