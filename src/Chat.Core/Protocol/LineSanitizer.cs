using System.Buffers;
using System.Text;

namespace Chat.Core.Protocol;

/// <summary>
/// Cleans one received line as PROTOCOL.md "Wire format" orders: telnet commands out, UTF-8
/// decoded, control and bidi characters out, whitespace trimmed. The result lives in the
/// caller's scratch buffers, so cleaning allocates nothing.
/// </summary>
public static class LineSanitizer
{
    private const byte Iac = 255;
    private const byte SubnegotiationBegin = 250;
    private const byte SubnegotiationEnd = 240;
    private const byte FirstOptionVerb = 251; // WILL, WONT, DO, DONT: each takes one option byte
    private const char Escape = '\u001B';

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
        int charCount = Utf8.GetChars(bytes[..byteCount], chars);
        int kept = RemoveControls(chars[..charCount]);
        return ((ReadOnlySpan<char>)chars[..kept]).Trim();
    }

    private enum TelnetState : byte { Data, Command, Option, Subnegotiation, SubnegotiationCommand }

    private static int StripTelnet(in ReadOnlySequence<byte> line, Span<byte> destination)
    {
        var state = TelnetState.Data;
        int written = 0;
        foreach (ReadOnlyMemory<byte> segment in line)
        {
            foreach (byte b in segment.Span)
            {
                switch (state)
                {
                    case TelnetState.Data when b == Iac:
                        state = TelnetState.Command;
                        break;
                    case TelnetState.Data:
                        destination[written++] = b;
                        break;
                    case TelnetState.Command when b == Iac:
                        destination[written++] = Iac;
                        state = TelnetState.Data;
                        break;
                    case TelnetState.Command when b >= FirstOptionVerb:
                        state = TelnetState.Option;
                        break;
                    case TelnetState.Command when b == SubnegotiationBegin:
                        state = TelnetState.Subnegotiation;
                        break;
                    case TelnetState.Command:
                    case TelnetState.Option:
                        state = TelnetState.Data;
                        break;
                    case TelnetState.Subnegotiation:
                        if (b == Iac)
                        {
                            state = TelnetState.SubnegotiationCommand;
                        }
                        break;
                    case TelnetState.SubnegotiationCommand:
                        state = b == SubnegotiationEnd ? TelnetState.Data : TelnetState.Subnegotiation;
                        break;
                }
            }
        }
        return written;
    }

    /// <summary>Compacts <paramref name="text"/> in place; returns how many chars remain.</summary>
    private static int RemoveControls(Span<char> text)
    {
        int kept = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == Escape)
            {
                i += ControlSequenceTail(text[(i + 1)..]);
                continue;
            }
            if (!IsControl(c))
            {
                text[kept++] = c;
            }
        }
        return kept;
    }

    /// <summary>
    /// The length of a CSI sequence's rest (<c>[</c>, parameter and intermediate bytes, final
    /// byte) right after an ESC, or 0 when no complete sequence follows, so only the ESC goes.
    /// </summary>
    private static int ControlSequenceTail(ReadOnlySpan<char> rest)
    {
        if (rest.IsEmpty || rest[0] != '[')
        {
            return 0;
        }
        for (int i = 1; i < rest.Length; i++)
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
    /// The characters cleaning removes (step 3): C0 but TAB, DEL, C1 and the bidirectional
    /// controls. The client keeps them off the screen and out of its input line by the same rule.
    /// </summary>
    public static bool IsControl(char c) => c switch
    {
        '\t' => false,
        < '\u0020' => true,
        >= '\u007F' and <= '\u009F' => true,
        '\u200E' or '\u200F' => true,
        >= '\u202A' and <= '\u202E' => true,
        >= '\u2066' and <= '\u2069' => true,
        _ => false,
    };
}
