using System.Globalization;
using System.Text;

namespace Chat.Tests.Properties;

/// <summary>
/// PROTOCOL.md "Wire format" written the plainest way, to check the server's zero-copy framer
/// and sanitiser against: the whole stream at once, one step after another, no state machines.
/// </summary>
internal static class WireModel
{
    private const byte Iac = 255;
    private const byte Sb = 250;
    private const byte Se = 240;
    private const char Esc = '\u001B';

    /// <summary>What the server should make of one line: its cleaned text, or the too-long verdict.</summary>
    public readonly record struct Verdict(bool TooLong, string Text)
    {
        public override string ToString() => TooLong ? "<too long>" : $"'{Text}'";
    }

    /// <summary>Every complete line of <paramref name="stream"/>; bytes after the last LF are no line.</summary>
    public static List<Verdict> Lines(byte[] stream, int maxLineBytes)
    {
        var lines = new List<Verdict>();
        int start = 0;
        for (int i = 0; i < stream.Length; i++)
        {
            if (stream[i] != (byte)'\n')
            {
                continue;
            }
            byte[] raw = stream[start..i];
            start = i + 1;
            // Raw length, CR included, LF excluded.
            if (raw.Length > maxLineBytes)
            {
                lines.Add(new Verdict(true, ""));
                continue;
            }
            if (raw.Length > 0 && raw[^1] == (byte)'\r')
            {
                raw = raw[..^1];
            }
            lines.Add(new Verdict(false, Clean(raw)));
        }
        return lines;
    }

    /// <summary>The four cleaning steps, in the order PROTOCOL.md gives them.</summary>
    public static string Clean(byte[] line) =>
        RemoveControls(new UTF8Encoding(false, false).GetString(StripTelnet(line))).Trim();

    /// <summary>
    /// Step 1: IAC IAC is one 0xFF; every other telnet command goes whole; the line's end cuts a
    /// command. Each complete WILL/WONT/DO/DONT goes to <paramref name="negotiations"/> as (verb, option).
    /// </summary>
    public static byte[] StripTelnet(byte[] line, List<(byte Verb, byte Option)>? negotiations = null)
    {
        var kept = new List<byte>();
        int i = 0;
        while (i < line.Length)
        {
            if (line[i] != Iac)
            {
                kept.Add(line[i]);
                i++;
                continue;
            }
            if (i + 1 == line.Length)
            {
                break; // IAC alone at the end of the line
            }
            byte command = line[i + 1];
            if (command == Iac)
            {
                kept.Add(Iac);
                i += 2;
            }
            else if (command >= 251)
            {
                if (i + 2 < line.Length)
                {
                    negotiations?.Add((command, line[i + 2]));
                }
                i += 3; // WILL/WONT/DO/DONT and their option byte
            }
            else if (command == Sb)
            {
                i = AfterSubnegotiation(line, i + 2);
            }
            else
            {
                i += 2;
            }
        }
        return kept.ToArray();
    }

    /// <summary>
    /// PROTOCOL.md §6, "Telnet": the refusals the server owes for <paramref name="stream"/>, each
    /// once: WONT for every DO, DONT for every WILL that the line cleaning removes whole, in
    /// any line, the bytes after the last LF included.
    /// </summary>
    public static HashSet<string> Refusals(byte[] stream)
    {
        var negotiations = new List<(byte Verb, byte Option)>();
        int start = 0;
        for (int i = 0; i <= stream.Length; i++)
        {
            if (i < stream.Length && stream[i] != (byte)'\n')
            {
                continue;
            }
            byte[] line = stream[start..i];
            start = i + 1;
            if (line.Length > 0 && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }
            StripTelnet(line, negotiations);
        }
        return negotiations
            .Where(n => n.Verb is 251 or 253)
            .Select(n => Convert.ToHexString([Iac, n.Verb == 253 ? (byte)252 : (byte)254, n.Option]))
            .ToHashSet();
    }

    // Inside IAC SB, IAC IAC is a data byte (RFC 855), so only an IAC SE pair ends it.
    private static int AfterSubnegotiation(byte[] line, int i)
    {
        while (i < line.Length)
        {
            if (line[i] != Iac)
            {
                i++;
            }
            else if (i + 1 < line.Length && line[i + 1] == Se)
            {
                return i + 2;
            }
            else
            {
                i += 2;
            }
        }
        return line.Length;
    }

    /// <summary>
    /// Step 3: ESC [ or CSI takes a complete CSI sequence with it (alone when incomplete); ESC ],
    /// P, X, ^, _ and their C1 forms take the string up to BEL, ST or ESC \ (the rest of the
    /// line when none comes); controls and invisible characters go.
    /// </summary>
    public static string RemoveControls(string text)
    {
        var kept = new StringBuilder();
        int i = 0;
        while (i < text.Length)
        {
            Rune rune = Rune.GetRuneAt(text, i);
            int next = i + rune.Utf16SequenceLength;
            char following = next < text.Length ? text[next] : '\0';
            if (rune.Value == Esc && following == '[')
            {
                i = AfterCsi(text, next + 1, next);
            }
            else if (rune.Value == Esc && following is ']' or 'P' or 'X' or '^' or '_')
            {
                i = AfterString(text, next + 1);
            }
            else if (rune.Value == 0x9B)
            {
                i = AfterCsi(text, next, next);
            }
            else if (rune.Value is 0x90 or 0x98 or 0x9D or 0x9E or 0x9F)
            {
                i = AfterString(text, next);
            }
            else
            {
                if (!IsControl(rune.Value) && !IsInvisible(rune))
                {
                    kept.Append(rune);
                }
                i = next;
            }
        }
        return kept.ToString();
    }

    /// <summary>
    /// After the CSI sequence whose parameters start at <paramref name="parameters"/>: parameter and
    /// intermediate characters (0x20–0x3F), then a final character (0x40–0x7E); <paramref name="incomplete"/>
    /// when there is none.
    /// </summary>
    private static int AfterCsi(string text, int parameters, int incomplete)
    {
        int i = parameters;
        while (i < text.Length && text[i] >= 0x20 && text[i] <= 0x3F)
        {
            i++;
        }
        return i < text.Length && text[i] >= 0x40 && text[i] <= 0x7E ? i + 1 : incomplete;
    }

    /// <summary>After the control string whose body starts at <paramref name="body"/>: past BEL, ST or ESC \, or the end.</summary>
    private static int AfterString(string text, int body)
    {
        for (int i = body; i < text.Length; i++)
        {
            if (text[i] == '\u0007' || text[i] == '\u009C')
            {
                return i + 1;
            }
            if (text[i] == Esc && i + 1 < text.Length && text[i + 1] == '\\')
            {
                return i + 2;
            }
        }
        return text.Length;
    }

    public static bool IsControl(int c) =>
        (c < 0x20 && c != '\t') || c == 0x7F || (c >= 0x80 && c <= 0x9F);

    /// <summary>
    /// Format characters (Unicode category Cf, the bidi controls among them) but those that shape
    /// or show: ZWNJ, ZWJ and the prepended concatenation marks; and the Hangul fillers.
    /// </summary>
    public static bool IsInvisible(Rune rune) =>
        (Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format && !KeptFormatCharacters.Contains(rune.Value))
        || HangulFillers.Contains(rune.Value);

    private static readonly int[] KeptFormatCharacters =
        [0x200C, 0x200D, 0x0600, 0x0601, 0x0602, 0x0603, 0x0604, 0x0605, 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, 0x110BD, 0x110CD];

    private static readonly int[] HangulFillers = [0x115F, 0x1160, 0x3164, 0xFFA0];
}
