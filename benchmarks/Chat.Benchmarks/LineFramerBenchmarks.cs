using Chat.Testing;
using System.Buffers;
using BenchmarkDotNet.Attributes;
using Chat.Benchmarks.Infrastructure;
using Chat.Core.Protocol;

namespace Chat.Benchmarks;

/// <summary>How the framer's input is laid out in memory.</summary>
public enum InputLayout
{
    /// <summary>All lines in one buffer, as after one large socket read.</summary>
    OneSegment,

    /// <summary>
    /// Cut into 61-byte segments, a size that lines up with no line length: boundaries fall
    /// anywhere in a line, between CR and LF too, and every line spans two segments or more.
    /// </summary>
    ManySegments,
}

/// <summary>
/// The line framer: lines per second (Op/s is per line) for short and long lines, in one
/// segment and across many. It slices the reader's own buffer, so it must allocate nothing.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LinesPerSecondConfig))]
public class LineFramerBenchmarks
{
    private const int LinesPerCall = 256;
    private const int SplitSegmentBytes = 61;

    private ReadOnlySequence<byte> _input;

    /// <summary>Bytes per line on the wire, CR and LF included (telnet's CRLF).</summary>
    [Params(64, 500)]
    public int LineBytes { get; set; }

    [Params(InputLayout.OneSegment, InputLayout.ManySegments)]
    public InputLayout Layout { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        byte[] line = new byte[LineBytes];
        for (int i = 0; i < line.Length - 2; i++)
        {
            line[i] = (byte)('a' + (i % 26));
        }
        line[^2] = (byte)'\r';
        line[^1] = (byte)'\n';
        byte[] input = new byte[LinesPerCall * LineBytes];
        for (int i = 0; i < LinesPerCall; i++)
        {
            line.CopyTo(input, i * LineBytes);
        }
        _input = SegmentedSequence.Chunked(input, Layout == InputLayout.ManySegments ? SplitSegmentBytes : 0);

        long framed = FrameAll();
        if (framed != (long)LinesPerCall * (LineBytes - 2))
        {
            throw new InvalidOperationException($"Framed {framed} bytes of text, expected {LinesPerCall * (LineBytes - 2)}.");
        }
    }

    /// <summary>Frames <see cref="LinesPerCall"/> lines; returns the text bytes framed.</summary>
    [Benchmark(OperationsPerInvoke = LinesPerCall)]
    public long FrameLines() => FrameAll();

    private long FrameAll()
    {
        var framer = new LineFramer(maxLineBytes: 4096);
        ReadOnlySequence<byte> buffer = _input;
        long textBytes = 0;
        while (framer.TryReadLine(ref buffer, out ReadOnlySequence<byte> line) == FrameStatus.Line)
        {
            textBytes += line.Length;
        }
        return textBytes;
    }
}
