using System.Buffers;

namespace Chat.Benchmarks.Infrastructure;

/// <summary>Builds a <see cref="ReadOnlySequence{T}"/> over bytes cut into segments, as a pipe holds them.</summary>
internal static class SegmentedSequence
{
    /// <summary>
    /// <paramref name="bytes"/> in segments of <paramref name="segmentBytes"/> (the last may be
    /// shorter); 0 or less gives one segment.
    /// </summary>
    public static ReadOnlySequence<byte> Create(byte[] bytes, int segmentBytes)
    {
        if (segmentBytes <= 0 || segmentBytes >= bytes.Length)
        {
            return new ReadOnlySequence<byte>(bytes);
        }
        var first = new Segment(bytes.AsMemory(0, segmentBytes), 0);
        Segment last = first;
        for (int start = segmentBytes; start < bytes.Length; start += segmentBytes)
        {
            last = last.Append(bytes.AsMemory(start, Math.Min(segmentBytes, bytes.Length - start)));
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
