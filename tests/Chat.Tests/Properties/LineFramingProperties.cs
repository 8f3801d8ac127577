using System.Buffers;
using System.Globalization;
using System.Text;
using Chat.Core.Protocol;
using CsCheck;

namespace Chat.Tests.Properties;

/// <summary>
/// The framer and the sanitiser, together as the session uses them, against <see cref="WireModel"/>:
/// for any byte stream cut into any read segments, the same lines with the same cleaned text and
/// the same too-long verdicts, and never more than MaxLineBytes of one line held.
/// </summary>
public sealed class LineFramingProperties
{
    /// <summary>
    /// Every format character (Cf) of the runtime's Unicode data, the Hangul fillers, and the
    /// neighbours of both: the invisible ones that cleaning removes and the ones it keeps.
    /// </summary>
    private static readonly byte[][] Invisible = Enumerable.Range(0, 0x110000)
        .Where(c => c is < 0xD800 or > 0xDFFF)
        .Where(c => Rune.GetUnicodeCategory(new Rune(c)) == UnicodeCategory.Format || c is 0x115F or 0x1160 or 0x3164 or 0xFFA0)
        .SelectMany(c => new[] { c - 1, c, c + 1 })
        .Distinct()
        .Select(c => Encoding.UTF8.GetBytes(char.ConvertFromUtf32(c)))
        .ToArray();

    /// <summary>ESC [, parameter bytes and a final byte, each drawn across the edges of its range.</summary>
    private static readonly Gen<byte[]> Csi =
        from parameters in Gen.Byte[0x1F, 0x40].Array[0, 3]
        from final in Gen.OneOf(Gen.Byte[0x3E, 0x41], Gen.Byte[0x41, 0x7D], Gen.Byte[0x7D, 0x81])
        select new byte[] { 0x1B, (byte)'[' }.Concat(parameters).Append(final).ToArray();

    /// <summary>IAC SB, then bytes among which IAC, SE and IAC IAC are common, then most often IAC SE.</summary>
    private static readonly Gen<byte[]> Subnegotiation =
        from body in Gen.OneOf<byte>(0xFF, 0xF0, 0xFA, (byte)'x').Array[0, 4]
        from end in Gen.OneOf(new byte[] { 0xFF, 0xF0 }, [0xFF, 0xFF, 0xF0], [])
        select new byte[] { 0xFF, 0xFA }.Concat(body).Concat(end).ToArray();

    /// <summary>
    /// Bytes with the interesting ones far likelier than chance: line ends, telnet commands, CSI
    /// pieces, UTF-8 lead and continuation bytes, and whole characters that cleaning must remove
    /// or keep.
    /// </summary>
    internal static readonly Gen<byte[]> Token = Gen.Frequency(
        (12, Gen.Byte[(byte)'a', (byte)'z'].Select(One)),
        (8, Gen.Const(One((byte)'\n'))),
        (5, Gen.Const(One((byte)'\r'))),
        (3, Gen.OneOf(One((byte)' '), One((byte)'\t'))),
        (5, Gen.Const(One(0xFF))),
        (5, Gen.Byte[240, 254].Select(One)),
        (4, Gen.Const(One(0x1B))),
        (4, Csi),
        (4, Subnegotiation),
        (4, Gen.Const(One((byte)'['))),
        (3, Gen.Byte[0x20, 0x3F].Select(One)),
        (3, Gen.Byte[0x40, 0x7E].Select(One)),
        (4, Gen.Byte[0xC0, 0xF7].Select(One)),
        (4, Gen.Byte[0x80, 0xBF].Select(One)),
        (2, Gen.Byte[0x00, 0x1F].Select(One)),
        (1, Gen.Const(One(0x7F))),
        (5, Gen.OneOf(Encoded(
            "\u202E", "\u202A", "\u200E", "\u200F", "\u2066", "\u2069", // bidi controls
            "\u0085", "\u009B", "\u0080", // C1 controls (U+009B is a one-character CSI)
            "\u00A0", "\u2028", "\u3000", "\uFEFF", // whitespace, and a BOM that is none
            "é", "中", "😀", "\uFFFD", "\u001B[31m", "\u001B[2J", "\u001B[?25l"))),
        (5, Gen.OneOf(Encoded( // control strings, their pieces and their C1 forms
            "\u001B]0;title\u0007", "\u001B]", "\u001BP", "\u001BX", "\u001B^", "\u001B_", "\u001B\\", "\\",
            "\u0007", "\u009C", "\u009D", "\u0090", "\u0098", "\u009E", "\u009F", "\u009B"))),
        (4, Gen.Int[0, Invisible.Length - 1].Select(i => Invisible[i])),
        (2, Gen.OneOf(
            new byte[] { 0xED, 0xA0, 0x80 }, // an encoded surrogate: invalid
            new byte[] { 0xC0, 0xAF }, // overlong '/'
            new byte[] { 0xF4, 0x90, 0x80, 0x80 }, // past U+10FFFF
            new byte[] { 0xE2, 0x80 }, // a character cut short
            new byte[] { 0xFF, 0xFA, 0x18, 0x00, 0xFF, 0xF0 }, // IAC SB TERMINAL-TYPE ... IAC SE
            new byte[] { 0xFF, 0xFB, 0x01 }, // IAC WILL ECHO
            new byte[] { 0xFF, 0xFF })), // IAC IAC
        (1, Gen.Byte.Select(One)));

    /// <summary>A stream of up to 120 tokens.</summary>
    internal static readonly Gen<byte[]> Stream = Token.Array[0, 120].Select(tokens => tokens.SelectMany(t => t).ToArray());

    [Fact]
    public void Any_stream_in_any_segments_frames_and_cleans_as_the_model_says()
    {
        Gen.Select(Stream, Gen.Int[1, 24], Gen.Int[1, 16].Array[1, 12])
            .Sample((stream, maxLineBytes, segmentSizes) =>
            {
                List<WireModel.Verdict> expected = WireModel.Lines(stream, maxLineBytes);
                List<WireModel.Verdict> actual = FrameAndClean(stream, maxLineBytes, segmentSizes);
                Assert.Equal(expected, actual);
            }, iter: 10_000, print: Print);
    }

    [Fact]
    public void Long_lines_with_line_ends_near_the_limit_frame_as_the_model_says()
    {
        // Lines of the limit's length give or take a CR or two: the edges of the too-long verdict.
        Gen<byte[]> nearLimit =
            from length in Gen.Int[0, 70]
            from body in Gen.Byte[(byte)'a', (byte)'z'].Array[length]
            from crs in Gen.Int[0, 2]
            select body.Concat(Enumerable.Repeat((byte)'\r', crs)).Append((byte)'\n').ToArray();
        Gen.Select(nearLimit.Array[1, 6].Select(l => l.SelectMany(b => b).ToArray()), Gen.Int[30, 40], Gen.Int[1, 50].Array[1, 6])
            .Sample((stream, maxLineBytes, segmentSizes) =>
                Assert.Equal(WireModel.Lines(stream, maxLineBytes), FrameAndClean(stream, maxLineBytes, segmentSizes)),
                iter: 2_000, print: Print);
    }

    [Fact]
    public void Every_character_cleans_as_the_model_says()
    {
        var bytes = new byte[16];
        var chars = new char[16];
        for (int c = 0; c < 0x110000; c++)
        {
            if (c is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }
            byte[] line = Encoding.UTF8.GetBytes("a" + char.ConvertFromUtf32(c) + "b");
            string expected = WireModel.Clean(line);
            string actual = LineSanitizer.Clean(new ReadOnlySequence<byte>(line), bytes, chars).ToString();
            Assert.True(expected == actual, $"U+{c:X4}: the model says '{expected}', the sanitizer '{actual}'");
        }
    }

    [Fact]
    public void The_model_cleans_the_protocols_own_examples()
    {
        // The model is only worth checking against if it says what PROTOCOL.md says.
        Assert.Equal("hi", WireModel.Clean("\u001B[31mhi\u001B[0m"u8.ToArray()));
        Assert.Equal("ab", WireModel.Clean([(byte)'a', 0xFF, 0xFB, 0x01, (byte)'b']));
        Assert.Equal("\uFFFD", WireModel.Clean([0xFF, 0xFF]));
        Assert.Equal("[\u00E9", WireModel.Clean("\u001B[\u00E9"u8.ToArray())); // no final byte: only the ESC goes
        Assert.Equal("evil", WireModel.Clean("\u202Eevil\u2069"u8.ToArray()));
        Assert.Equal("xy", WireModel.Clean("x\u001B]0;title\u0007y"u8.ToArray()));
        Assert.Equal("x", WireModel.Clean("x\u001B]0;title"u8.ToArray())); // unterminated: the rest goes
        Assert.Equal("zero width", WireModel.Clean("zero\u200B w\u2060idth\uFEFF"u8.ToArray()));
        Assert.Equal("\U0001F469\u200D\U0001F4BB", WireModel.Clean("\U0001F469\u200D\U0001F4BB"u8.ToArray())); // ZWJ stays
        Assert.Equal("a", WireModel.Clean([0xFF, 0xFA, 0x18, 0xFF, 0xFF, 0xF0, 0xFF, 0xF0, (byte)'a']));
        Assert.Equal([new(false, "a"), new(true, ""), new(false, "")], WireModel.Lines("a\r\nabcd\r\n\r\nrest"u8.ToArray(), 4));
    }

    /// <summary>
    /// Feeds <paramref name="stream"/> to a <see cref="LineFramer"/> the way a pipe reader does: each
    /// read sees what is left of the last one plus a new segment, as a multi-segment sequence.
    /// </summary>
    private static List<WireModel.Verdict> FrameAndClean(byte[] stream, int maxLineBytes, int[] segmentSizes)
    {
        var framer = new LineFramer(maxLineBytes);
        var seen = new List<WireModel.Verdict>();
        var unread = new List<byte[]>();
        int offset = 0;
        for (int read = 0; offset < stream.Length; read++)
        {
            int size = Math.Min(segmentSizes[read % segmentSizes.Length], stream.Length - offset);
            unread.Add(stream[offset..(offset + size)]);
            offset += size;

            ReadOnlySequence<byte> buffer = Segments.Create(unread);
            FrameStatus status;
            while ((status = framer.TryReadLine(ref buffer, out ReadOnlySequence<byte> line)) != FrameStatus.NeedMore)
            {
                if (status == FrameStatus.TooLong)
                {
                    Assert.True(line.IsEmpty);
                    seen.Add(new WireModel.Verdict(true, ""));
                    continue;
                }
                Assert.InRange(line.Length, 0, maxLineBytes);
                // Scratch of exactly the line's length: the sanitiser promises never to need more.
                var bytes = new byte[line.Length];
                var chars = new char[line.Length];
                seen.Add(new WireModel.Verdict(false, LineSanitizer.Clean(line, bytes, chars).ToString()));
            }
            // What the framer keeps for the next read: part of one unfinished line, never over the limit.
            Assert.InRange(buffer.Length, 0, maxLineBytes);
            Assert.Null(buffer.PositionOf((byte)'\n'));
            Assert.True(!framer.IsDiscarding || buffer.IsEmpty, "a line being dropped is still held");
            unread = [.. Segments.ToArrays(buffer)];
        }
        return seen;
    }

    private static string Print((byte[] Stream, int MaxLineBytes, int[] SegmentSizes) input) =>
        $"max {input.MaxLineBytes}, segments [{string.Join(",", input.SegmentSizes)}], stream {Convert.ToHexString(input.Stream)} " +
        $"'{Encoding.Latin1.GetString(input.Stream).Replace("\n", "\\n").Replace("\r", "\\r")}'";

    private static byte[] One(byte b) => [b];

    private static byte[][] Encoded(params string[] texts) => texts.Select(Encoding.UTF8.GetBytes).ToArray();
}
