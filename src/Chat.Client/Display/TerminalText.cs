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
    /// <paramref name="line"/> with C0/C1 controls, DEL and bidirectional controls removed and
    /// TAB turned into a space (a tab's width depends on the column, which the redraw cannot know).
    /// Leading spaces stay: <c>/help</c> and <c>/rooms</c> indent their lines.
    /// </summary>
    public static string Printable(string line)
    {
        int i = 0;
        while (i < line.Length && !IsUnprintable(line[i]))
        {
            i++;
        }
        if (i == line.Length)
        {
            return line;
        }
        var text = new StringBuilder(line.Length);
        text.Append(line, 0, i);
        for (; i < line.Length; i++)
        {
            char c = line[i];
            if (c == '\t')
            {
                text.Append(' ');
            }
            else if (!IsUnprintable(c))
            {
                text.Append(c);
            }
        }
        return text.ToString();
    }

    /// <summary>True for a char the input line must never hold or the screen never get: a tab, or what the server's cleaning removes.</summary>
    public static bool IsUnprintable(char c) => c == '\t' || LineSanitizer.IsControl(c);
}
