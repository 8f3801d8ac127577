using System.Buffers;

namespace Chat.Testing;

/// <summary>Builds a <see cref="ReadOnlySequence{T}"/> of bytes from several segments, as a pipe may hand them out.</summary>
internal static class SegmentedSequence
{
    public static ReadOnlySequence<byte> Create(params byte[][] segments)
    {
        if (segments.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }
        var first = new Segment(segments[0], 0);
        Segment last = first;
        foreach (byte[] bytes in segments.Skip(1))
        {
            last = last.Append(bytes);
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary><paramref name="bytes"/> cut at each of <paramref name="cuts"/> (ascending offsets; equal offsets make empty segments).</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, params int[] cuts)
    {
        var segments = new List<byte[]>();
        int start = 0;
        foreach (int cut in cuts)
        {
            segments.Add(bytes[start..cut]);
            start = cut;
        }
        segments.Add(bytes[start..]);
        return Create([.. segments]);
    }

    /// <summary>
    /// <paramref name="bytes"/> in segments of <paramref name="segmentBytes"/> (the last may be
    /// shorter); 0 or less gives one segment.
    /// </summary>
    public static ReadOnlySequence<byte> Chunked(byte[] bytes, int segmentBytes) =>
        segmentBytes <= 0 || segmentBytes >= bytes.Length
            ? new ReadOnlySequence<byte>(bytes)
            : Create([.. bytes.Chunk(segmentBytes)]);

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            // A copy of its own, so that no two segments share an array by accident.
            Memory = memory.ToArray();
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
