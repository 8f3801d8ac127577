using System.Buffers;
using Chat.Core.Protocol;

namespace Chat.Core.Irc;

/// <summary>
/// Splits a byte stream into IRC lines: a <see cref="LineFramer"/> (LF or CRLF ends a line)
/// bounded by IRC's limits, each line handed over contiguous for <see cref="IrcMessage"/>:
/// a slice of the pipe's own buffer, copied into the caller's scratch only when it straddles
/// two segments.
/// </summary>
internal struct IrcFramer()
{
    /// <summary>The longest line: the client's tags, 510 bytes of message, and the CR.</summary>
    public const int MaxLineBytes = IrcMessage.MaxClientTagBytes + IrcMessage.MaxBodyBytes + 1;

    private LineFramer _lines = new(MaxLineBytes);

    /// <param name="scratch">At least <see cref="MaxLineBytes"/> bytes.</param>
    public FrameStatus TryReadLine(ref ReadOnlySequence<byte> buffer, Span<byte> scratch, out ReadOnlySpan<byte> line)
    {
        FrameStatus status = _lines.TryReadLine(ref buffer, out ReadOnlySequence<byte> framed);
        if (status != FrameStatus.Line)
        {
            line = default;
            return status;
        }
        if (framed.IsSingleSegment)
        {
            line = framed.FirstSpan;
        }
        else
        {
            framed.CopyTo(scratch);
            line = scratch[..(int)framed.Length];
        }
        return status;
    }
}
