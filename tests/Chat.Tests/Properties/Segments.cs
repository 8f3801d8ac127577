using System.Buffers;

namespace Chat.Tests.Properties;

/// <summary>Byte arrays as one multi-segment <see cref="ReadOnlySequence{T}"/>, as a pipe hands out its blocks.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> Create(IReadOnlyList<byte[]> arrays)
    {
        if (arrays.Count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }
        var first = new Segment(arrays[0], 0);
        Segment last = first;
        foreach (byte[] array in arrays.Skip(1))
        {
            var next = new Segment(array, last.RunningIndex + last.Memory.Length);
            last.SetNext(next);
            last = next;
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>The segments of <paramref name="sequence"/>, copied, keeping its cuts.</summary>
    public static IEnumerable<byte[]> ToArrays(ReadOnlySequence<byte> sequence)
    {
        foreach (ReadOnlyMemory<byte> memory in sequence)
        {
            if (!memory.IsEmpty)
            {
                yield return memory.ToArray();
            }
        }
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] array, long runningIndex)
        {
            Memory = array;
            RunningIndex = runningIndex;
        }

        public void SetNext(Segment next) => Next = next;
    }
}
