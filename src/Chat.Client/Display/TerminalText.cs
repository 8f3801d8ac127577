using Chat.Core.Protocol;
using System.Text;

namespace Chat.Client.Display;

/// <summary>
/// Makes a server line safe to print. The server already strips control characters from
/// what users send (PROTOCOL.md "Wire format"), but the client does not trust the other end
/// with its screen: a stray ESC or CR would move the cursor and break the redraw.
/// </summary>
internal static class TerminalText
{
    /// <summary>
    /// <paramref name="line"/> with the characters the server's cleaning removes (controls,
    /// bidirectional and other invisible characters) removed and TAB turned into a space (a
    /// tab's width depends on the column, which the redraw cannot know). Leading spaces stay:
    /// <c>/help</c> and <c>/rooms</c> indent their lines.
    /// </summary>
    public static string Printable(string line)
    {
        int i = 0;
        while (i < line.Length)
        {
            Rune.DecodeFromUtf16(line.AsSpan(i), out Rune rune, out int length); // a lone surrogate: U+FFFD, printable
            if (IsUnprintable(rune))
            {
                break;
            }
            i += length;
        }
        if (i == line.Length)
        {
            return line;
        }
        var text = new StringBuilder(line.Length);
        text.Append(line, 0, i);
        foreach (Rune rune in line.AsSpan(i).EnumerateRunes())
        {
            if (rune.Value == '\t')
            {
                text.Append(' ');
            }
            else if (!IsUnprintable(rune))
            {
                text.Append(rune);
            }
        }
        return text.ToString();
    }

    /// <summary>True for what the input line must never hold or the screen never get: a tab, or what the server's cleaning removes.</summary>
    public static bool IsUnprintable(Rune rune) => rune.Value == '\t' || LineSanitizer.IsRemoved(rune);
}
