using Chat.Testing;
using System.Buffers;
using System.Text;
using Chat.Core.Protocol;
using Chat.Tests.Support;

namespace Chat.Tests.Wire;

/// <summary>
/// The cleaning of each received line, PROTOCOL.md "Wire format" steps 1–4, in that order:
/// telnet IAC sequences out, UTF-8 decoded (U+FFFD per maximal invalid subsequence), control,
/// bidi and invisible characters out (a CSI sequence and a control string whole), Unicode
/// whitespace trimmed.
/// </summary>
public sealed class LineSanitizerTests
{
    private const byte Iac = 255, Will = 251, Wont = 252, Do = 253, Dont = 254, Sb = 250, Se = 240;
    private const byte Nop = 241, InterruptProcess = 244, EchoOption = 1, TerminalType = 24;
    private const string Replacement = "\uFFFD";

    // Step 1: telnet.

    [Fact]
    public void IacIacStandsForOneFfByte() =>
        // 0xFF is never valid UTF-8, so the byte it stands for decodes to one U+FFFD.
        Assert.Equal("ab" + Replacement + "c", Clean(Raw("ab", Iac, Iac, "c")));

    [Theory]
    [InlineData(Will)]
    [InlineData(Wont)]
    [InlineData(Do)]
    [InlineData(Dont)]
    public void OptionNegotiationIsDroppedWithItsOptionByte(byte verb) =>
        Assert.Equal("ab", Clean(Raw("a", Iac, verb, EchoOption, "b")));

    [Fact]
    public void AnOptionByteOfFfIsStillTheOption() =>
        Assert.Equal("ab", Clean(Raw("a", Iac, Do, Iac, "b")));

    [Fact]
    public void OptionNegotiationAsTelnetSendsItAtConnect() =>
        Assert.Equal("alice", Clean(Raw(Iac, Will, 31, Iac, Will, 32, Iac, Do, 3, Iac, Do, EchoOption, "alice")));

    [Fact]
    public void SubnegotiationIsDroppedWhole() =>
        Assert.Equal("ab", Clean(Raw("a", Iac, Sb, TerminalType, 0, "xterm", Iac, Se, "b")));

    [Fact]
    public void AnEscapedIacInsideSubnegotiationDoesNotEndIt() =>
        Assert.Equal("ab", Clean(Raw("a", Iac, Sb, TerminalType, Iac, Iac, "more", Iac, Se, "b")));

    [Theory]
    [InlineData(Nop)]
    [InlineData(InterruptProcess)]
    [InlineData(Se)]          // SE outside a subnegotiation
    [InlineData((byte)'A')]   // not a telnet command at all: still taken with the IAC
    [InlineData((byte)0)]
    public void IacWithAnyOtherByteIsDroppedWhole(byte command) =>
        Assert.Equal("ab", Clean(Raw("a", Iac, command, "b")));

    [Fact]
    public void AnIacAtTheEndOfTheLineIsCutThere() =>
        Assert.Equal("ab", Clean(Raw("ab", Iac)));

    [Fact]
    public void AnOptionNegotiationCutByTheEndOfTheLineIsDropped() =>
        Assert.Equal("ab", Clean(Raw("ab", Iac, Will)));

    [Fact]
    public void ASubnegotiationCutByTheEndOfTheLineTakesTheRestOfTheLine()
    {
        Assert.Equal("ab", Clean(Raw("ab", Iac, Sb, TerminalType, "xterm")));
        Assert.Equal("ab", Clean(Raw("ab", Iac, Sb, TerminalType, "xterm", Iac)));
    }

    [Fact]
    public void TelnetIsRemovedBeforeDecoding() =>
        // An IAC command between the two bytes of "é": once it is gone they decode as one character.
        Assert.Equal("é", Clean(Raw(0xC3, Iac, Nop, 0xA9)));

    // Step 2: UTF-8.

    [Fact]
    public void ValidUtf8IsKept() =>
        Assert.Equal("héllo 日本 😀 Ωμέγα", Clean(Raw("héllo 日本 😀 Ωμέγα")));

    [Theory]
    [InlineData(new byte[] { 0x61, 0x80, 0x62 }, "a\uFFFDb")]                      // lone continuation byte
    [InlineData(new byte[] { 0x61, 0x80, 0x80, 0x62 }, "a\uFFFD\uFFFDb")]          // each stray continuation is its own
    [InlineData(new byte[] { 0x61, 0xC3, 0x62 }, "a\uFFFDb")]                      // truncated two-byte sequence
    [InlineData(new byte[] { 0x61, 0xE6, 0x97, 0x62 }, "a\uFFFDb")]                // truncated three-byte sequence: one
    [InlineData(new byte[] { 0x61, 0xF0, 0x9F, 0x98 }, "a\uFFFD")]                 // truncated four-byte sequence at the end
    [InlineData(new byte[] { 0xC0, 0xAF }, "\uFFFD\uFFFD")]                        // overlong: C0 never starts a sequence
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, "\uFFFD\uFFFD\uFFFD")]            // a surrogate
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 }, "\uFFFD\uFFFD\uFFFD\uFFFD")] // above U+10FFFF
    // The examples of the Unicode Standard, §3.9, "U+FFFD Substitution of Maximal Subparts".
    [InlineData(new byte[] { 0xC0, 0xAF, 0xE0, 0x80, 0xBF, 0xF0, 0x81, 0x82, 0x41 }, "\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFDA")]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80, 0xED, 0xBF, 0xBF, 0xED, 0xAF, 0x41 }, "\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFDA")]
    // (The standard's third example has FF 41 in it; here that is IAC + 'A', gone before decoding.)
    [InlineData(new byte[] { 0xF4, 0x91, 0x92, 0x93, 0xFF, 0x41, 0x80, 0xBF, 0x42 }, "\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFDB")]
    [InlineData(new byte[] { 0xE1, 0x80, 0xE2, 0xF0, 0x91, 0x92, 0xF1, 0xBF, 0x41 }, "\uFFFD\uFFFD\uFFFD\uFFFDA")]
    public void EachMaximalInvalidSubsequenceBecomesOneReplacementCharacter(byte[] raw, string expected) =>
        Assert.Equal(expected, Clean(raw));

    [Fact]
    public void DecodingComesBeforeControlRemoval()
    {
        Assert.Equal("ab", Clean(Raw("a", 0xC2, 0x85, "b")));             // U+0085, a C1 control, is removed
        Assert.Equal("a" + Replacement + "b", Clean(Raw("a", 0x85, "b"))); // a lone 0x85 byte is invalid UTF-8, not a control
    }

    // Step 3: control, bidirectional and invisible characters, terminal sequences and strings.

    public static TheoryData<int> RemovedCharacters()
    {
        var data = new TheoryData<int>();
        foreach (int c in Enumerable.Range(0x00, 0x20).Where(c => c != '\t'))
        {
            data.Add(c);
        }
        data.Add(0x7F);
        // C1, but for the introducers of sequences and strings, which take more with them (below).
        foreach (int c in Enumerable.Range(0x80, 0x20).Except([0x90, 0x98, 0x9B, 0x9D, 0x9E, 0x9F]))
        {
            data.Add(c);
        }
        foreach (int c in new[] { 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069 })
        {
            data.Add(c);
        }
        // Invisible: format characters (Cf) and the Hangul fillers.
        foreach (int c in new[]
        {
            0x00AD, 0x061C, 0x180E, 0x200B, 0x2060, 0x2061, 0x2064, 0x206A, 0x206F, 0xFEFF, 0xFFF9, 0xFFFB,
            0x13430, 0x1343F, 0x1BCA0, 0x1BCA3, 0x1D173, 0x1D17A, 0xE0001, 0xE0020, 0xE0041, 0xE007F,
            0x115F, 0x1160, 0x3164, 0xFFA0,
        })
        {
            data.Add(c);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RemovedCharacters))]
    public void ControlBidiAndInvisibleCharactersAreRemoved(int character) =>
        Assert.Equal("ab", Clean(Raw("a" + char.ConvertFromUtf32(character) + "b")));

    [Fact]
    public void TwoLinesThatLookAlikeCleanAlike() =>
        Assert.Equal(Clean(Raw("alice is here")), Clean(Raw("al\u200Bi\u00ADce\u2060 is\uFEFF here\u3164\U000E0041")));

    [Theory]
    [InlineData('\t')]
    [InlineData('\u0020')]  // space
    [InlineData('\u007E')]  // ~, just before DEL
    [InlineData('\u00A0')]  // no-break space, just after C1
    [InlineData('\u200D')]  // zero width joiner, next to the bidi marks
    [InlineData('\u2029')]  // paragraph separator: whitespace, not a control
    [InlineData('\u200C')]  // zero width non-joiner: Persian and Indic words need it
    [InlineData('\u0600')]  // Arabic number sign: a format character, but a visible one
    [InlineData('\u2065')]  // unassigned, between the invisible operators and the isolates
    [InlineData('\u2070')]  // superscript zero, just after the deprecated format characters
    [InlineData('\u202F')]  // narrow no-break space, just after the embeddings
    public void OtherCharactersInsideALineAreKept(char character) =>
        Assert.Equal("a" + character + "b", Clean(Raw("a" + character + "b")));

    [Theory]
    [InlineData("a\u001B[31mred\u001B[0m", "ared")]      // colours
    [InlineData("\u001B[2J\u001B[Hhi", "hi")]            // clear screen, cursor home
    [InlineData("x\u001B[10;20Hy", "xy")]                // cursor position with parameters
    [InlineData("x\u001B[?25ly", "xy")]                  // private parameter byte
    [InlineData("x\u001B[1 qy", "xy")]                   // intermediate byte (space) before the final byte
    [InlineData("x\u001B[@y", "xy")]                     // lowest final byte
    [InlineData("x\u001B[5~y", "xy")]                    // highest final byte
    public void ACsiSequenceIsRemovedWhole(string line, string expected) =>
        Assert.Equal(expected, Clean(Raw(line)));

    [Theory]
    [InlineData("a\u009B31mred", "ared")]  // C1 CSI
    [InlineData("a\u009B31", "a31")]       // unfinished: only the CSI goes
    public void AC1CsiSequenceIsRemovedWhole(string line, string expected) =>
        Assert.Equal(expected, Clean(Raw(line)));

    [Theory]
    [InlineData("x\u001B]0;title\u0007y", "xy")]           // OSC set title, ended by BEL
    [InlineData("x\u001B]8;;http://evil\u001B\\y", "xy")]  // OSC hyperlink, ended by ESC \
    [InlineData("x\u001B]52;c;cHduZWQ=\u009Cy", "xy")]      // OSC clipboard write, ended by C1 ST
    [InlineData("x\u001BPq#0;2;0;0;0\u001B\\y", "xy")]     // DCS (sixel)
    [InlineData("x\u001BXsos\u0007y", "xy")]                // SOS
    [InlineData("x\u001B^pm\u0007y", "xy")]                 // PM
    [InlineData("x\u001B_apc\u0007y", "xy")]                // APC
    [InlineData("x\u009D0;title\u0007y", "xy")]             // the C1 forms: OSC,
    [InlineData("x\u0090dcs\u009Cy", "xy")]                 // DCS,
    [InlineData("x\u0098sos\u009Cy", "xy")]                 // SOS,
    [InlineData("x\u009Epm\u009Cy", "xy")]                  // PM,
    [InlineData("x\u009Fapc\u009Cy", "xy")]                 // APC
    [InlineData("x\u001B]0;a\u001B[31mb\u0007y", "xy")]    // an ESC other than ST inside is part of the string
    [InlineData("x\u001B]0;title", "x")]                   // unterminated: the rest of the line goes
    [InlineData("x\u009D0;title\u001B", "x")]
    [InlineData("x\u001B]", "x")]
    public void AControlStringIsRemovedWholeUpToItsTerminator(string line, string expected) =>
        Assert.Equal(expected, Clean(Raw(line)));

    [Theory]
    [InlineData("x\u001B7y", "x7y")]      // ESC not followed by '[': only the ESC goes
    [InlineData("ab\u001B[12", "ab[12")]  // an unfinished CSI sequence is no sequence
    [InlineData("ab\u001B", "ab")]
    public void AnEscThatOpensNoSequenceOrStringGoesAlone(string line, string expected) =>
        Assert.Equal(expected, Clean(Raw(line)));

    [Fact]
    public void ABellCannotRing() =>
        Assert.Equal("ding", Clean(Raw("di\u0007ng\u0007")));

    // Step 4: trimming.

    [Theory]
    [InlineData("  hi  ", "hi")]
    [InlineData("\t hi \t", "hi")]
    [InlineData("\u00A0hi\u00A0", "hi")]          // no-break space
    [InlineData("\u3000hi\u2003\u2028", "hi")]    // ideographic space, em space, line separator
    [InlineData("  a b  ", "a b")]                 // inner whitespace stays
    [InlineData("   ", "")]
    [InlineData("", "")]
    public void SurroundingUnicodeWhitespaceIsTrimmed(string line, string expected) =>
        Assert.Equal(expected, Clean(Raw(line)));

    [Fact]
    public void TrimmingComesAfterRemoval()
    {
        Assert.Equal("hi", Clean(Raw("\u0001 hi \u001B[0m")));
        Assert.Equal("hi", Clean(Raw(" ", Iac, Nop, " hi ", Iac)));
        Assert.Equal("", Clean(Raw("\u200E \u0007 ", Iac, Will, EchoOption)));
    }

    [Fact]
    public void ALineOfNothingButTelnetAndControlsIsEmpty() =>
        Assert.Equal("", Clean(Raw(Iac, Do, EchoOption, "\u001B[2J", 0x07)));

    // Every split into segments gives the same result, telnet sequences cut by a segment boundary included.

    public static TheoryData<byte[]> Lines() => new()
    {
        Raw("ab", Iac, Iac, "c"),
        Raw("a", Iac, Will, EchoOption, "b"),
        Raw("a", Iac, Sb, TerminalType, 0, "xterm", Iac, Iac, Iac, Se, "b"),
        Raw(0xC3, Iac, Nop, 0xA9, "ü😀", 0xE6, 0x97, "x"),
        Raw(" \u001B[31mred\u200E\u0007 "),
        Raw("a\u001B]0;t\u001B\\b\U000E0041c\u009D\u0007"),
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void EverySplitIntoSegmentsCleansTheSame(byte[] line)
    {
        string whole = Clean(line);
        for (int first = 0; first <= line.Length; first++)
        {
            for (int second = first; second <= line.Length; second++)
            {
                ReadOnlySequence<byte> split = SegmentedSequence.Split(line, first, second);
                Assert.True(whole == Clean(split, line.Length), $"segments cut at {first} and {second}");
            }
        }
    }

    private static string Clean(byte[] line) => Clean(new ReadOnlySequence<byte>(line), line.Length);

    /// <summary>Scratch buffers exactly as long as the line: cleaning must never grow a line.</summary>
    private static string Clean(ReadOnlySequence<byte> line, int length) =>
        LineSanitizer.Clean(line, new byte[length], new char[length]).ToString();

    /// <summary>Bytes from parts: a string is its UTF-8, a number is one byte.</summary>
    private static byte[] Raw(params object[] parts)
    {
        var bytes = new List<byte>();
        foreach (object part in parts)
        {
            switch (part)
            {
                case string text:
                    bytes.AddRange(Encoding.UTF8.GetBytes(text));
                    break;
                case byte b:
                    bytes.Add(b);
                    break;
                case int i:
                    bytes.Add(checked((byte)i));
                    break;
                default:
                    throw new ArgumentException($"cannot make bytes of {part}");
            }
        }
        return [.. bytes];
    }
}
