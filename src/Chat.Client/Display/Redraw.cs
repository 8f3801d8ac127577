using System.Text;

namespace Chat.Client.Display;

/// <summary>
/// The terminal output that keeps incoming lines and the line being typed apart: pure
/// functions from (screen width, prompt, input, cursor, incoming line) to the characters to
/// write. The input line always sits on the bottom row; an incoming line replaces it, and
/// it is drawn again below with the cursor where it was.
/// </summary>
internal static class Redraw
{
    /// <summary>Carriage return, then erase to the end of the row: the input row is blank again.</summary>
    public const string ClearRow = "\r\u001b[K";

    /// <summary>Prints <paramref name="line"/> above the input line and redraws the input line.</summary>
    public static string Incoming(
        int width, string prompt, string input, int cursor, string line, LineStyle style, Palette palette) =>
        Above(line, style, palette) + InputLine(width, prompt, input, cursor, palette);

    /// <summary>
    /// Clears the input row and prints <paramref name="line"/> in its place, leaving the
    /// cursor at the start of the next row. Long lines wrap there as the terminal likes.
    /// </summary>
    public static string Above(string line, LineStyle style, Palette palette) =>
        ClearRow + palette.Paint(TerminalText.Printable(line), style) + "\r\n";

    /// <summary>
    /// Turns the input row into a record of what was sent (prompt and text, as a shell
    /// leaves it) and moves to the next row. The server does not echo a sender's own lines.
    /// </summary>
    public static string Sent(string prompt, string text, Palette palette) =>
        ClearRow + palette.Paint(TerminalText.Printable(prompt), LineStyle.Prompt) + TerminalText.Printable(text) + "\r\n";

    /// <summary>Draws the input row from scratch: prompt, visible text, then the cursor put back.</summary>
    public static string InputLine(int width, string prompt, string input, int cursor, Palette palette)
    {
        InputView view = InputView.Fit(width, prompt, input, cursor);
        var output = new StringBuilder(ClearRow);
        output.Append(palette.Paint(view.Prompt, LineStyle.Prompt));
        if (view.CutLeft)
        {
            output.Append(InputView.LeftMark);
        }
        output.Append(view.Text);
        if (view.CutRight)
        {
            output.Append(InputView.RightMark);
        }
        output.Append('\r');
        if (view.CursorColumn > 0)
        {
            output.Append("\u001b[").Append(view.CursorColumn).Append('C');
        }
        return output.ToString();
    }
}
