using System.Buffers;

namespace Chat.Fuzz.Replay;

/// <summary>
/// A memory pool of blocks only a few bytes long. A pipe built on it hands the server every
/// line cut into many segments: a socket does that only where a line crosses a 4 KiB block,
/// which a fuzzer would rarely reach, yet the framer's and the sanitiser's multi-segment
/// paths (a CR in one segment and its LF in the next, an IAC sequence cut in two) are where
/// off-by-one bugs live.
/// </summary>
internal sealed class TinyBlockPool(int blockSize) : MemoryPool<byte>
{
    public int BlockSize => blockSize;

    public override int MaxBufferSize => blockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1) => new Block(new byte[Math.Max(minBufferSize, blockSize)]);

    protected override void Dispose(bool disposing)
    {
    }

    private sealed class Block(byte[] array) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory => array;

        public void Dispose()
        {
        }
    }
}
