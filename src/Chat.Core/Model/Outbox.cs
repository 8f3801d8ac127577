using System.Threading.Channels;
using Chat.Core.Protocol;

namespace Chat.Core.Model;

/// <summary>
/// The lines waiting to be sent to one client. Enqueueing never waits, so a broadcast is as
/// fast as its fastest path whatever any recipient does; instead the outbox counts its bytes,
/// and past its bound it closes itself and reports the overflow once, so that client is
/// dropped rather than let to grow memory or slow its room.
/// </summary>
/// <remarks>
/// The channel is unbounded because a bounded channel counts items, not bytes; the byte
/// bound is kept here (see STYLE.md, "Facts worth knowing").
/// </remarks>
public sealed class Outbox
{
    private readonly Channel<EncodedLine> _lines = Channel.CreateUnbounded<EncodedLine>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    private readonly long _maxBytes;
    private readonly Action _overflowed;
    private long _queuedBytes;
    private int _hasOverflowed;
    private int _hasLast;
    private EncodedLine _last; // one reference: written and read whole

    public Outbox(long maxBytes, Action overflowed)
    {
        _maxBytes = maxBytes;
        _overflowed = overflowed;
    }

    public ChannelReader<EncodedLine> Reader => _lines.Reader;

    /// <summary>Queues <paramref name="line"/>; false when the outbox is closed or has just overflowed.</summary>
    public bool TryEnqueue(EncodedLine line)
    {
        if (Interlocked.Add(ref _queuedBytes, line.Length) > _maxBytes)
        {
            Interlocked.Add(ref _queuedBytes, -line.Length);
            if (Interlocked.Exchange(ref _hasOverflowed, 1) == 0)
            {
                _lines.Writer.TryComplete();
                _overflowed();
            }
            return false;
        }
        if (!_lines.Writer.TryWrite(line))
        {
            Interlocked.Add(ref _queuedBytes, -line.Length);
            return false;
        }
        return true;
    }

    /// <summary>
    /// Queues <paramref name="line"/> as the last line this client receives, and closes. Other
    /// senders may still slip lines in after it before the close, so the reader must stop at it
    /// (<see cref="IsLast"/>); only the first call counts.
    /// </summary>
    public void EnqueueLast(EncodedLine line)
    {
        if (Interlocked.Exchange(ref _hasLast, 1) != 0)
        {
            return;
        }
        _last = line; // published to the reader by the channel write below
        TryEnqueue(line);
        Close();
    }

    /// <summary>True for the line queued by <see cref="EnqueueLast"/>: nothing after it may be sent.</summary>
    public bool IsLast(EncodedLine line) => line.Span == _last.Span; // the same bytes, not equal ones

    /// <summary>Called by the sender once it has taken <paramref name="bytes"/> off the queue.</summary>
    public void Sent(int bytes) => Interlocked.Add(ref _queuedBytes, -bytes);

    /// <summary>No more lines: what is queued is still sent.</summary>
    public void Close() => _lines.Writer.TryComplete();
}
