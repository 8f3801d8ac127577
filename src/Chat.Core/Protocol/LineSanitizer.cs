using System.Buffers;
using System.Text;

namespace Chat.Core.Protocol;

/// <summary>
/// Cleans one received line as PROTOCOL.md "Wire format" orders: telnet commands out, UTF-8
/// decoded, terminal sequences and invisible characters out, whitespace trimmed. The result
/// lives in the caller's scratch buffers, so cleaning allocates nothing.
/// </summary>
public static class LineSanitizer
{
    private const char Escape = '\u001B';
    private const char Bell = '\u0007';
    private const char StringTerminator = '\u009C';

    // Invalid input becomes U+FFFD, one per maximal invalid subsequence, and never throws.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>
    /// Cleans <paramref name="line"/> (LF and trailing CR already removed). Both scratch
    /// buffers must hold at least <c>line.Length</c> elements: cleaning never grows a line.
    /// </summary>
    /// <returns>The cleaned text, a slice of <paramref name="chars"/>.</returns>
    public static ReadOnlySpan<char> Clean(in ReadOnlySequence<byte> line, Span<byte> bytes, Span<char> chars)
    {
        int byteCount = StripTelnet(line, bytes);
        return Clean(bytes[..byteCount], chars);
    }

    /// <summary>
    /// Cleans <paramref name="utf8"/>, text from a door with no telnet (IRC's parameters), the
    /// same way; <paramref name="chars"/> holds at least <c>utf8.Length</c> elements.
    /// </summary>
    public static ReadOnlySpan<char> Clean(ReadOnlySpan<byte> utf8, Span<char> chars)
    {
        int charCount = Utf8.GetChars(utf8, chars);
        int kept = RemoveInvisible(chars[..charCount]);
        return ((ReadOnlySpan<char>)chars[..kept]).Trim();
    }

    private static int StripTelnet(in ReadOnlySequence<byte> line, Span<byte> destination)
    {
        var telnet = new TelnetCommandReader();
        int written = 0;
        foreach (ReadOnlyMemory<byte> segment in line)
        {
            ReadOnlySpan<byte> bytes = segment.Span;
            while (!bytes.IsEmpty)
            {
                if (telnet.IsInText)
                {
                    // Text up to the next IAC in one copy: most lines hold no command at all.
                    int command = bytes.IndexOf(TelnetCommandReader.Iac);
                    int text = command < 0 ? bytes.Length : command;
                    bytes[..text].CopyTo(destination[written..]);
                    written += text;
                    bytes = bytes[text..];
                    if (bytes.IsEmpty)
                    {
                        break;
                    }
                }
                byte b = bytes[0];
                bytes = bytes[1..];
                if (telnet.Read(b) == TelnetByte.Data)
                {
                    destination[written++] = b;
                }
            }
        }
        return written;
    }

    /// <summary>Compacts <paramref name="text"/> in place; returns how many chars remain.</summary>
    private static int RemoveInvisible(Span<char> text)
    {
        int kept = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                char low = text[++i];
                if (!IsRemoved(new Rune(c, low)))
                {
                    text[kept++] = c;
                    text[kept++] = low;
                }
                continue;
            }
            if (IsRemoved(c))
            {
                i += SequenceTail(c, text[(i + 1)..]); // c itself is a control and goes too
                continue;
            }
            text[kept++] = c;
        }
        return kept;
    }

    /// <summary>
    /// How much of <paramref name="rest"/> goes with the control <paramref name="c"/>: a CSI
    /// sequence's parameters and final byte, or a control string up to its terminator.
    /// </summary>
    private static int SequenceTail(char c, ReadOnlySpan<char> rest) => c switch
    {
        Escape when rest.IsEmpty => 0,
        Escape => rest[0] switch
        {
            '[' => ControlSequenceTail(rest[1..]) is int tail and > 0 ? 1 + tail : 0,
            ']' or 'P' or 'X' or '^' or '_' => 1 + ControlStringTail(rest[1..]), // OSC, DCS, SOS, PM, APC
            _ => 0,
        },
        '\u009B' => ControlSequenceTail(rest), // CSI
        '\u0090' or '\u0098' or '\u009D' or '\u009E' or '\u009F' => ControlStringTail(rest), // DCS, SOS, OSC, PM, APC
        _ => 0,
    };

    /// <summary>
    /// The length of a CSI sequence's parameter and intermediate bytes and final byte, or 0
    /// when no complete sequence follows, so only its introducer goes.
    /// </summary>
    private static int ControlSequenceTail(ReadOnlySpan<char> rest)
    {
        for (int i = 0; i < rest.Length; i++)
        {
            char c = rest[i];
            if (c is >= '\u0040' and <= '\u007E')
            {
                return i + 1;
            }
            if (c is not (>= '\u0020' and <= '\u003F'))
            {
                return 0;
            }
        }
        return 0;
    }

    /// <summary>
    /// The length of a control string's body and terminator (BEL, ST or <c>ESC \</c>); an
    /// unterminated string takes the rest of the line, as it was meant to be invisible.
    /// </summary>
    private static int ControlStringTail(ReadOnlySpan<char> rest)
    {
        for (int i = 0; i < rest.Length; i++)
        {
            char c = rest[i];
            if (c is Bell or StringTerminator)
            {
                return i + 1;
            }
            if (c == Escape && i + 1 < rest.Length && rest[i + 1] == '\\')
            {
                return i + 2;
            }
        }
        return rest.Length;
    }

    /// <summary>
    /// The characters cleaning removes (step 3): C0 but TAB, DEL, C1, and the invisible ones
    /// (format characters but ZWNJ, ZWJ and the visible prepended concatenation marks, and the
    /// Hangul fillers). The client keeps them off the screen and out of its input line by the
    /// same rule.
    /// </summary>
    public static bool IsRemoved(Rune rune) => rune.IsBmp ? IsRemoved((char)rune.Value) : rune.Value switch
    {
        >= 0x13430 and <= 0x1343F => true, // Egyptian hieroglyph format controls
        >= 0x1BCA0 and <= 0x1BCA3 => true, // shorthand format controls
        >= 0x1D173 and <= 0x1D17A => true, // musical beam and slur controls
        0xE0001 or (>= 0xE0020 and <= 0xE007F) => true, // tags
        _ => false,
    };

    private static bool IsRemoved(char c) => c switch
    {
        '\t' => false,
        < '\u0020' => true,
        >= '\u007F' and <= '\u009F' => true,
        < '\u00AD' => false,
        '\u00AD' => true, // soft hyphen
        '\u061C' => true, // Arabic letter mark
        '\u115F' or '\u1160' or '\u3164' or '\uFFA0' => true, // Hangul fillers
        '\u180E' => true, // Mongolian vowel separator
        '\u200B' => true, // zero width space
        '\u200E' or '\u200F' => true, // LRM, RLM
        >= '\u202A' and <= '\u202E' => true, // bidi embeddings and overrides
        >= '\u2060' and <= '\u2064' => true, // word joiner, invisible operators
        >= '\u2066' and <= '\u206F' => true, // bidi isolates, deprecated format characters
        '\uFEFF' => true, // zero width no-break space (BOM)
        >= '\uFFF9' and <= '\uFFFB' => true, // interlinear annotation
        _ => false,
    };
}
