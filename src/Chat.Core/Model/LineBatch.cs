using System.Runtime.CompilerServices;
using Chat.Core.Protocol;

namespace Chat.Core.Model;

/// <summary>
/// Up to <see cref="Capacity"/> lines for one client, handed from its outbox to its writer
/// as one item. Batches are pooled: a busy outbox fills one batch after another and an idle
/// one holds none, so no client keeps storage sized for the largest backlog it ever had.
/// </summary>
internal sealed class LineBatch
{
    public const int Capacity = 32;

    // A broadcast to a room of idle clients takes one batch per member at once, so the pool
    // holds enough for a room of 16,384 to allocate nothing; at 280 B a batch, that bounds
    // what it keeps to 4.4 MiB whatever the number of clients (figures: benchmarks/README.md).
    private const int PoolSize = 16384;
    private static readonly Lock PoolGate = new();
    private static readonly LineBatch?[] Pool = new LineBatch?[PoolSize];
    private static int _pooled;

    private Lines _lines;

    public int Count { get; private set; }

    /// <summary>The UTF-8 bytes of all the lines.</summary>
    public int Bytes { get; private set; }

    public bool IsFull => Count == Capacity;

    public ReadOnlySpan<EncodedLine> Items => ((ReadOnlySpan<EncodedLine>)_lines)[..Count];

    public void Add(EncodedLine line)
    {
        _lines[Count++] = line;
        Bytes += line.Length;
    }

    public static LineBatch Rent()
    {
        lock (PoolGate)
        {
            if (_pooled > 0)
            {
                LineBatch batch = Pool[--_pooled]!;
                Pool[_pooled] = null;
                return batch;
            }
        }
        return new LineBatch();
    }

    /// <summary>Empties the batch (so it keeps no line alive) and gives it back for reuse.</summary>
    public void Return()
    {
        ((Span<EncodedLine>)_lines)[..Count].Clear();
        Count = 0;
        Bytes = 0;
        lock (PoolGate)
        {
            if (_pooled < PoolSize)
            {
                Pool[_pooled++] = this;
            }
        }
    }

    // Inline in the batch object: one allocation, and the lines sit next to the count.
    [InlineArray(Capacity)]
    private struct Lines
    {
        private EncodedLine _first;
    }
}
