namespace Chat.Client.Display;

/// <summary>
/// The part of the input line that fits on one screen row, and where the cursor goes.
/// </summary>
/// <remarks>
/// The input line never wraps: text wider than the row scrolls sideways, with <c>&lt;</c>
/// and <c>&gt;</c> marking what is cut off, so clearing it is always "clear this row". The
/// last column is never written either, so the terminal is never left in its pending-wrap
/// state. Both keep the redraw exact on any terminal, with any mix of widths.
/// </remarks>
/// <param name="Prompt">The prompt as shown; empty when the row is too narrow for it.</param>
/// <param name="TextStart">Where the visible slice starts in the input (a char index).</param>
/// <param name="Text">The visible slice of the input.</param>
/// <param name="CursorColumn">0-based column of the cursor.</param>
internal readonly record struct InputView(string Prompt, bool CutLeft, int TextStart, string Text, bool CutRight, int CursorColumn)
{
    public const char LeftMark = '<';
    public const char RightMark = '>';

    // Room for a mark each side and one wide character between them.
    private const int MinimumTextColumns = 4;

    public static InputView Fit(int width, string prompt, string input, int cursor)
    {
        int usable = Math.Max(width, MinimumTextColumns + 1) - 1;
        int promptWidth = DisplayWidth.Of(prompt);
        if (promptWidth + MinimumTextColumns > usable)
        {
            prompt = "";
            promptWidth = 0;
        }
        int available = usable - promptWidth;

        List<TextCell> cells = DisplayWidth.Cells(input);
        int at = cells.FindIndex(c => c.Start >= cursor);
        if (at < 0)
        {
            at = cells.Count;
        }
        int total = cells.Sum(c => c.Width);
        if (total <= available)
        {
            return new InputView(prompt, false, 0, input, false, promptWidth + Columns(cells, 0, at));
        }

        // Scroll: the first visible cell is the leftmost one that still lets the cell under
        // the cursor show, with a '<' before it (unless it is the very first) and a '>' after
        // it (if anything follows). At the end of the text the cursor needs no cell of its
        // own: it may rest in the last column, which is never written.
        int cursorCell = at < cells.Count ? Math.Max(1, cells[at].Width) : 0;
        int after = at + 1 < cells.Count ? 1 : 0;
        int first = 0;
        while (first < at && (first > 0 ? 1 : 0) + Columns(cells, first, at) + cursorCell + after > available)
        {
            first++;
        }
        int left = first > 0 ? 1 : 0;

        // Then as many cells after the cursor as fit, keeping a column for '>' while any remain.
        int end = Math.Min(at + 1, cells.Count);
        while (end < cells.Count && left + Columns(cells, first, end + 1) + (end + 1 < cells.Count ? 1 : 0) <= available)
        {
            end++;
        }
        int startChar = first < cells.Count ? cells[first].Start : input.Length;
        int endChar = end < cells.Count ? cells[end].Start : input.Length;
        return new InputView(
            prompt,
            left == 1,
            startChar,
            input[startChar..endChar],
            end < cells.Count,
            promptWidth + left + Columns(cells, first, at));
    }

    private static int Columns(List<TextCell> cells, int from, int to)
    {
        int width = 0;
        for (int i = from; i < to; i++)
        {
            width += cells[i].Width;
        }
        return width;
    }
}
