using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using Chat.Core.Protocol;

namespace Chat.Core.Model;

/// <summary>
/// The lines waiting to be sent to one client. Enqueueing never waits, so a broadcast is as
/// fast as its fastest path whatever any recipient does; instead the outbox counts its bytes,
/// and past its bound it closes itself and records the overflow, so that client is dropped
/// rather than let to grow memory or slow its room. Who drops it is the client's own session
/// (<see cref="WhenOverflowed"/>): the enqueue that overflows runs in another user's broadcast,
/// under its room's lock, and calls nothing of this client's.
/// </summary>
/// <remarks>
/// The channel carries batches of lines, not lines. Lines go into an open batch, which is
/// handed to the channel when it is full or when the writer is waiting for work; a busy
/// writer takes the open batch itself. So a line to a busy client costs a store, not a
/// channel write, and the channel's own storage stays small: it never shrinks, and per line
/// it grew to the largest backlog each client ever had (a 10,000-user login storm left 27 KiB
/// of it on every idle client; benchmarks/README.md). The byte bound is kept here, since a
/// bounded channel counts items, not bytes (STYLE.md, "Facts worth knowing").
/// </remarks>
public sealed class Outbox
{
    private readonly Channel<LineBatch> _batches = Channel.CreateUnbounded<LineBatch>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    private readonly Lock _gate = new();
    private readonly long _maxBytes;
    // Continuations run on the thread pool, never inline in the broadcast that overflowed.
    private readonly TaskCompletionSource _overflow = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LineBatch? _open;
    private long _queuedBytes;
    private bool _writerWaiting;
    private bool _closed;

    public Outbox(long maxBytes) => _maxBytes = maxBytes;

    /// <summary>A line would have taken the outbox past its bound: it is closed, and nothing more may reach this client.</summary>
    public bool Overflowed => _overflow.Task.IsCompleted;

    /// <summary>Completes once, on overflow; its continuations run on the thread pool.</summary>
    public Task WhenOverflowed => _overflow.Task;

    /// <summary>Queues <paramref name="line"/>; false when the outbox is closed or has just overflowed.</summary>
    public bool TryEnqueue(EncodedLine line) => TryEnqueue(new ReadOnlySpan<EncodedLine>(in line));

    /// <summary>Queues <paramref name="lines"/> in order; false when the outbox is closed or overflowed on one of them.</summary>
    public bool TryEnqueue(ReadOnlySpan<EncodedLine> lines)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }
            int appended = 0;
            while (appended < lines.Length && TryAppend(lines[appended]))
            {
                appended++;
            }
            if (appended == lines.Length)
            {
                return true;
            }
            Overflow();
        }
        return false;
    }

    /// <summary>
    /// Queues <paramref name="line"/> as the last line this client receives, and closes: no
    /// line can follow it. Only the first call counts.
    /// </summary>
    public void EnqueueLast(EncodedLine line)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }
            if (TryAppend(line))
            {
                Complete();
            }
            else
            {
                Overflow();
            }
        }
    }

    /// <summary>No more lines: what is queued is still sent.</summary>
    public void Close()
    {
        lock (_gate)
        {
            Complete();
        }
    }

    /// <summary>
    /// For the one writer: waits until there are lines to take; false once the outbox is
    /// closed and everything in it has been taken.
    /// </summary>
    internal ValueTask<bool> WaitToReadAsync()
    {
        lock (_gate)
        {
            if (_open is not null)
            {
                Publish();
            }
            else if (!_closed)
            {
                _writerWaiting = true; // the next line is handed over at once
            }
        }
        return _batches.Reader.WaitToReadAsync();
    }

    /// <summary>For the one writer: the next batch of lines, in order; give it back with <see cref="Release"/>.</summary>
    internal bool TryRead([NotNullWhen(true)] out LineBatch? batch)
    {
        if (_batches.Reader.TryRead(out batch))
        {
            return true;
        }
        lock (_gate)
        {
            // Look again under the lock: a batch handed over since is older than the open one.
            if (!_batches.Reader.TryRead(out batch))
            {
                batch = _open;
                _open = null;
            }
        }
        return batch is not null;
    }

    /// <summary>For the one writer: its lines are out of the outbox (they no longer count against the bound).</summary>
    internal void Release(LineBatch batch)
    {
        Interlocked.Add(ref _queuedBytes, -batch.Bytes);
        batch.Return();
    }

    private bool TryAppend(EncodedLine line)
    {
        if (Interlocked.Add(ref _queuedBytes, line.Length) > _maxBytes)
        {
            Interlocked.Add(ref _queuedBytes, -line.Length);
            return false;
        }
        LineBatch batch = _open ??= LineBatch.Rent();
        batch.Add(line);
        if (batch.IsFull || _writerWaiting)
        {
            Publish();
        }
        return true;
    }

    private void Publish()
    {
        _writerWaiting = false;
        _batches.Writer.TryWrite(_open!);
        _open = null;
    }

    private void Overflow()
    {
        Complete();
        _overflow.TrySetResult();
    }

    private void Complete()
    {
        _closed = true;
        if (_open is not null)
        {
            Publish();
        }
        _batches.Writer.TryComplete();
    }
}
