using Chat.Testing;
using System.Buffers;
using System.Text;
using Chat.Core.Protocol;
using Chat.Tests.Support;

namespace Chat.Tests.Wire;

/// <summary>
/// The framer (PROTOCOL.md "Wire format" and §4's line length): LF ends a line, a CR right
/// before it is dropped, a line over MaxLineBytes (CR included, LF excluded) is reported once
/// when its LF arrives and is never held. Each case runs over every split of its input: every
/// prefix read first, every cut into segments, and one byte per read.
/// </summary>
public sealed class LineFramerTests
{
    private const string TooLong = "<too long>";
    private const int Max = 8;

    /// <summary>Input, then the frames it yields, then the unfinished bytes the framer must leave.</summary>
    public static TheoryData<string, string[], string> Cases => new()
    {
        { "hello\n", ["hello"], "" },
        { "a\nbb\nccc\n", ["a", "bb", "ccc"], "" },
        { "\n\n", ["", ""], "" },
        { "crlf\r\n", ["crlf"], "" },
        { "\r\n", [""], "" },
        { "a\rb\n", ["a\rb"], "" },                      // a lone CR is the sanitiser's business
        { "a\r\r\n", ["a\r"], "" },                      // only the CR right before the LF goes
        { "tail", [], "tail" },                          // bytes after the last LF are no line
        { "one\ntail", ["one"], "tail" },
        { "12345678\n", ["12345678"], "" },              // exactly MaxLineBytes
        { "1234567\r\n", ["1234567"], "" },              // exactly MaxLineBytes, CR included
        { "12345678", [], "12345678" },                  // exactly MaxLineBytes, still waiting for LF
        { "123456789\n", [TooLong], "" },                // one byte over
        { "12345678\r\n", [TooLong], "" },               // one byte over because the CR counts
        { "123456789012345678901234\n", [TooLong], "" }, // reported once, however long
        { "123456789\nok\n", [TooLong, "ok"], "" },
        { "ok\n123456789\r\nok\r\n", ["ok", TooLong, "ok"], "" },
        { "123456789", [], "" },                         // over the limit: dropped as it comes
        { "123456789\nta", [TooLong], "ta" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void WholeInputInOneSegment(string input, string[] frames, string rest) =>
        AssertFrames(frames, rest, Feed([Bytes(input)]));

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryPrefixReadFirst(string input, string[] frames, string rest)
    {
        byte[] bytes = Bytes(input);
        for (int cut = 0; cut <= bytes.Length; cut++)
        {
            AssertFrames(frames, rest, Feed([bytes[..cut]], [bytes[cut..]]), $"first read {cut} bytes");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void OneByteAtATime(string input, string[] frames, string rest) =>
        AssertFrames(frames, rest, Feed(Bytes(input).Select(b => new[] { new[] { b } }).ToArray()));

    [Theory]
    [MemberData(nameof(Cases))]
    public void EverySplitIntoSegments(string input, string[] frames, string rest)
    {
        byte[] bytes = Bytes(input);
        for (int first = 0; first <= bytes.Length; first++)
        {
            for (int second = first; second <= bytes.Length; second++)
            {
                byte[][] segments = [bytes[..first], bytes[first..second], bytes[second..]];
                AssertFrames(frames, rest, Feed(segments), $"segments cut at {first} and {second}");
            }
        }
    }

    [Fact]
    public void AMegabyteWithoutLfIsNeverHeldAndIsReportedOnceWhenItsLfArrives()
    {
        const int max = 4096;
        var framer = new LineFramer(max);
        byte[] chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'x');
        for (int read = 0; read < 16; read++) // 1 MiB in all
        {
            ReadOnlySequence<byte> buffer = new(chunk);
            Assert.Equal(FrameStatus.NeedMore, framer.TryReadLine(ref buffer, out _));
            Assert.True(buffer.IsEmpty, $"read {read}: the framer kept {buffer.Length} bytes of an over-long line");
            Assert.True(framer.IsDiscarding);
        }

        ReadOnlySequence<byte> end = new(Bytes("xx\nnext\n"));
        Assert.Equal(FrameStatus.TooLong, framer.TryReadLine(ref end, out _));
        Assert.False(framer.IsDiscarding);
        Assert.Equal(FrameStatus.Line, framer.TryReadLine(ref end, out ReadOnlySequence<byte> next));
        Assert.Equal("next", Text(next));
        Assert.Equal(FrameStatus.NeedMore, framer.TryReadLine(ref end, out _));
    }

    [Fact]
    public void AMegabyteLineInOneBufferIsOneTooLongFollowedByTheNextLine()
    {
        byte[] input = [.. Enumerable.Repeat((byte)'x', 1024 * 1024), .. Bytes("\nafter\npart")];
        var result = Feed([input]);
        AssertFrames([TooLong, "after"], "part", result);
    }

    [Fact]
    public void ALineCutAtTheLimitIsKeptUntilItsLfArrives()
    {
        var framer = new LineFramer(Max);
        ReadOnlySequence<byte> buffer = new(Bytes("12345678"));
        Assert.Equal(FrameStatus.NeedMore, framer.TryReadLine(ref buffer, out _));
        Assert.Equal("12345678", Text(buffer));
        Assert.False(framer.IsDiscarding);
    }

    private record Result(List<string> Frames, string Rest, int MostKept);

    /// <summary>
    /// Runs the framer as the session does over a pipe: each read's buffer is what the framer
    /// left last time followed by the new bytes (given as segments).
    /// </summary>
    private static Result Feed(params byte[][][] reads)
    {
        var framer = new LineFramer(Max);
        var frames = new List<string>();
        byte[] kept = [];
        int mostKept = 0;
        foreach (byte[][] read in reads)
        {
            ReadOnlySequence<byte> buffer = SegmentedSequence.Create([kept, .. read]);
            FrameStatus status;
            while ((status = framer.TryReadLine(ref buffer, out ReadOnlySequence<byte> line)) != FrameStatus.NeedMore)
            {
                frames.Add(status == FrameStatus.TooLong ? TooLong : Text(line));
            }
            kept = buffer.ToArray();
            mostKept = Math.Max(mostKept, kept.Length);
        }
        return new Result(frames, Encoding.Latin1.GetString(kept), mostKept);
    }

    private static void AssertFrames(string[] frames, string rest, Result result, string? how = null)
    {
        Assert.True(frames.SequenceEqual(result.Frames),
            $"{how}: expected [{string.Join(", ", frames.Select(Show))}], got [{string.Join(", ", result.Frames.Select(Show))}]");
        Assert.True(rest == result.Rest, $"{how}: expected to keep {Show(rest)}, kept {Show(result.Rest)}");
        Assert.True(result.MostKept <= Max, $"{how}: the framer kept {result.MostKept} bytes, more than MaxLineBytes {Max}");
    }

    private static string Show(string text) => "\"" + text.Replace("\r", "\\r").Replace("\n", "\\n") + "\"";

    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    private static string Text(ReadOnlySequence<byte> bytes) => Encoding.Latin1.GetString(bytes.ToArray());
}
