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

    /// <summary>Step 1: IAC IAC is one 0xFF; every other telnet command goes whole; the line's end cuts a command.</summary>
    public static byte[] StripTelnet(byte[] line)
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

    /// <summary>Step 3: controls and bidi controls go; ESC takes a complete CSI sequence with it.</summary>
    public static string RemoveControls(string text)
    {
        var kept = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == Esc)
            {
                int final = CsiFinal(text, i);
                if (final > 0)
                {
                    i = final;
                }
                continue;
            }
            if (!IsControl(c) && !IsBidiControl(c))
            {
                kept.Append(c);
            }
        }
        return kept.ToString();
    }

    /// <summary>
    /// Where the CSI sequence opened by the ESC at <paramref name="esc"/> ends: <c>[</c>, parameter and
    /// intermediate characters (0x20–0x3F), a final character (0x40–0x7E). -1 when there is none.
    /// </summary>
    private static int CsiFinal(string text, int esc)
    {
        int i = esc + 1;
        if (i >= text.Length || text[i] != '[')
        {
            return -1;
        }
        i++;
        while (i < text.Length && text[i] >= 0x20 && text[i] <= 0x3F)
        {
            i++;
        }
        return i < text.Length && text[i] >= 0x40 && text[i] <= 0x7E ? i : -1;
    }

    public static bool IsControl(char c) =>
        (c < 0x20 && c != '\t') || c == 0x7F || (c >= 0x80 && c <= 0x9F);

    public static bool IsBidiControl(char c) =>
        c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
}
