using System.Buffers;
using System.IO.Pipelines;
using Chat.Core.Model;
using Chat.Core.Protocol;

namespace Chat.Core.Sessions;

/// <summary>
/// Drains one client's outbox into its transport, the only writer of that transport: every
/// batch queued since its last turn is written, with a flush per <see cref="FlushThreshold"/>
/// bytes. It allocates nothing per line: the lines are the broadcast's own buffers, and the
/// batches go back to their pool.
/// </summary>
internal sealed class WritePump(Outbox outbox, PipeWriter output)
{
    // Big enough that a burst to one client is a few syscalls; small enough that a flush fills
    // few pipe segments, since a pipe keeps every segment object it ever had in use at once.
    private const int FlushThreshold = 16 * 1024;

    private Task _pumping = Task.CompletedTask;

    public void Start() => _pumping = PumpAsync();

    /// <summary>
    /// Closes the outbox and ends the pump, then completes the output. What is queued still goes
    /// out, for at most <paramref name="drain"/>; a client too slow for its outbox gets nothing more.
    /// </summary>
    public async Task FinishAsync(bool tooSlow, TimeSpan drain, TimeProvider time)
    {
        outbox.Close();
        if (tooSlow)
        {
            output.CancelPendingFlush(); // the flush a non-reading client holds up would never end
        }
        else
        {
            try
            {
                await _pumping.WaitAsync(drain, time);
            }
            catch (TimeoutException)
            {
                output.CancelPendingFlush();
            }
        }
        await _pumping;
        await output.CompleteAsync();
    }

    private async Task PumpAsync()
    {
        try
        {
            // An overflowed outbox is closed with lines still in it; they are not sent.
            while (await outbox.WaitToReadAsync() && !outbox.Overflowed)
            {
                int unflushed = 0;
                while (unflushed < FlushThreshold && outbox.TryRead(out LineBatch? batch))
                {
                    foreach (EncodedLine line in batch.Items)
                    {
                        output.Write(line.Span);
                    }
                    unflushed += batch.Bytes;
                    outbox.Release(batch);
                }
                FlushResult flushed = await output.FlushAsync();
                if (flushed.IsCanceled || flushed.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or OperationCanceledException)
        {
            // The transport went away under the pump: nothing more can reach this client, and
            // its read side ends the session.
        }
    }
}
