using System.Buffers;

namespace Chat.Core.Protocol;

/// <summary>What <see cref="LineFramer.TryReadLine"/> found in the buffer.</summary>
public enum FrameStatus
{
    /// <summary>No complete line yet: read more.</summary>
    NeedMore,

    /// <summary>A line within the limit, CR before the LF removed.</summary>
    Line,

    /// <summary>A line over the limit ended with this LF; its bytes were dropped as they came.</summary>
    TooLong,
}

/// <summary>
/// Splits a byte stream into LF-terminated lines without copying or allocating: a line is a
/// slice of the reader's own buffer. A line that grows past <c>maxLineBytes</c> is consumed
/// as it arrives, so a connection never holds more than that of one line; the verdict is
/// given once, when its LF arrives.
/// </summary>
/// <remarks>
/// Use with a <see cref="System.IO.Pipelines.PipeReader"/>: after the calls of one read,
/// <c>AdvanceTo(buffer.Start, buffer.End)</c>, which keeps an unfinished line and asks for more.
/// </remarks>
public struct LineFramer(int maxLineBytes)
{
    private bool _discarding;

    /// <summary>True while the bytes of an over-long line are being dropped.</summary>
    public readonly bool IsDiscarding => _discarding;

    /// <summary>
    /// Takes the next line off the front of <paramref name="buffer"/>. On
    /// <see cref="FrameStatus.NeedMore"/> the buffer keeps the unfinished line (or is emptied
    /// when that line is being dropped).
    /// </summary>
    public FrameStatus TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        // The ReadOnlySequence overload of TryReadTo slices the line out of the pipe's own
        // segments; the span overload would copy a line that straddles two of them.
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out line, (byte)'\n', advancePastDelimiter: true))
        {
            line = default;
            if (_discarding || buffer.Length > maxLineBytes)
            {
                _discarding = true;
                buffer = buffer.Slice(buffer.End);
            }
            return FrameStatus.NeedMore;
        }

        buffer = buffer.Slice(reader.Position);
        if (_discarding || line.Length > maxLineBytes)
        {
            _discarding = false;
            line = default;
            return FrameStatus.TooLong;
        }

        if (!line.IsEmpty && EndsWithCarriageReturn(line))
        {
            line = line.Slice(0, line.Length - 1);
        }
        return FrameStatus.Line;
    }

    private static bool EndsWithCarriageReturn(in ReadOnlySequence<byte> line)
    {
        if (line.IsSingleSegment)
        {
            return line.FirstSpan[^1] == (byte)'\r';
        }
        return line.Slice(line.Length - 1).FirstSpan[0] == (byte)'\r';
    }
}
