using System.Buffers;
using System.IO.Pipelines;

namespace Chat.Fuzz.Replay;

/// <summary>
/// The server's end of a client's input pipe, watched: it counts the bytes the server has
/// examined, so the replay knows when the server has handled everything written so far and
/// waits for more. That is what makes turns of different clients run in a fixed order
/// without any sleep.
/// </summary>
internal sealed class ObservedReader(PipeReader inner) : PipeReader
{
    private readonly Lock _gate = new();
    private ReadOnlySequence<byte> _buffer;
    private long _bufferStart;
    private long _consumed;
    private long _examined;
    private long _target;
    private TaskCompletionSource? _idle;

    /// <summary>
    /// Completes when the server asks for more input having examined at least
    /// <paramref name="written"/> bytes in all. Call it before writing those bytes.
    /// </summary>
    public Task WhenIdle(long written)
    {
        lock (_gate)
        {
            _target = written;
            _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_idle is not null && _examined >= _target)
            {
                _idle.TrySetResult();
                _idle = null;
            }
        }
        ReadResult result = await inner.ReadAsync(cancellationToken);
        Remember(result.Buffer);
        return result;
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!inner.TryRead(out result))
        {
            return false;
        }
        Remember(result.Buffer);
        return true;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        lock (_gate)
        {
            _examined = Math.Max(_examined, _bufferStart + _buffer.Slice(0, examined).Length);
            _consumed = _bufferStart + _buffer.Slice(0, consumed).Length;
        }
        inner.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    private void Remember(ReadOnlySequence<byte> buffer)
    {
        lock (_gate)
        {
            _buffer = buffer;
            _bufferStart = _consumed;
        }
    }
}
