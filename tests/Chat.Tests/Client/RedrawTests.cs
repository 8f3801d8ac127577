using Chat.Client.Display;

namespace Chat.Tests.Client;

/// <summary>The redraw as a pure function: (width, prompt, input, cursor, incoming line) to terminal output.</summary>
public class RedrawTests
{
    private const string Clear = "\r\u001b[K";

    [Fact]
    public void An_incoming_line_goes_above_and_the_half_typed_line_comes_back_with_its_cursor()
    {
        string output = Redraw.Incoming(80, "> ", "half typed", 4, "[12:00] [lobby] bob: hi", LineStyle.Message, Palette.Plain);

        Assert.Equal(Clear + "[12:00] [lobby] bob: hi\r\n" + Clear + "> half typed\r\u001b[6C", output);
    }

    [Fact]
    public void The_input_line_with_the_cursor_at_the_start_of_the_row()
    {
        Assert.Equal(Clear + "\r", Redraw.InputLine(80, "", "", 0, Palette.Plain));
        Assert.Equal(Clear + "> abc\r\u001b[2C", Redraw.InputLine(80, "> ", "abc", 0, Palette.Plain));
    }

    [Theory]
    [InlineData("你好世界", 2, 2 + 4)]          // CJK: two columns each
    [InlineData("😀😀", 2, 2 + 2)]              // emoji: two columns, two chars
    [InlineData("привет", 3, 2 + 3)]           // Cyrillic: one column each
    [InlineData("e\u0301e\u0301x", 4, 2 + 2)]  // combining marks: no column
    public void Wide_and_zero_width_characters_place_the_cursor_by_columns(string input, int cursor, int column)
    {
        string output = Redraw.Incoming(80, "> ", input, cursor, "hi", LineStyle.Info, Palette.Plain);

        Assert.EndsWith($"{Clear}> {input}\r\u001b[{column}C", output);
    }

    [Fact]
    public void A_wide_prompt_counts_by_columns_too()
    {
        // [ + 5 Cyrillic + "] " + 李 (2) + "> "
        Assert.EndsWith("\r\u001b[12C", Redraw.InputLine(80, "[лобби] 李> ", "", 0, Palette.Plain));
    }

    [Fact]
    public void Text_wider_than_the_row_scrolls_and_keeps_the_cursor_on_screen()
    {
        string input = new('a', 30);

        InputView atEnd = InputView.Fit(20, "> ", input, 30);
        Assert.Equal(new InputView("> ", true, 14, new string('a', 16), false, 19), atEnd);

        InputView atHome = InputView.Fit(20, "> ", input, 0);
        Assert.Equal(new InputView("> ", false, 0, new string('a', 16), true, 2), atHome);

        Assert.Equal(Clear + "> <" + new string('a', 16) + "\r\u001b[19C", Redraw.InputLine(20, "> ", input, 30, Palette.Plain));
    }

    [Fact]
    public void A_prompt_that_leaves_no_room_is_dropped()
    {
        InputView view = InputView.Fit(10, "[lobby] alice> ", "hi", 2);

        Assert.Equal(new InputView("", false, 0, "hi", false, 2), view);
    }

    [Fact]
    public void Any_input_at_any_width_fits_one_row_and_shows_the_cursor()
    {
        string[] pieces = ["a", "я", "你", "😀", "e\u0301", "ｗ", " "];
        var random = new Random(1234);
        for (int round = 0; round < 3000; round++)
        {
            int width = random.Next(1, 40);
            string prompt = random.Next(3) switch { 0 => "", 1 => "> ", _ => "[комната] 名前> " };
            string input = string.Concat(Enumerable.Range(0, random.Next(0, 40)).Select(_ => pieces[random.Next(pieces.Length)]));
            List<TextCell> cells = DisplayWidth.Cells(input);
            int cursor = cells.Count == 0 ? 0 : random.Next(cells.Count + 1) is var i && i < cells.Count ? cells[i].Start : input.Length;

            InputView view = InputView.Fit(width, prompt, input, cursor);

            string context = $"width {width}, prompt \"{prompt}\", input \"{input}\", cursor {cursor}: {view}";
            int usable = Math.Max(width, 5) - 1;
            int rowWidth = DisplayWidth.Of(view.Prompt) + (view.CutLeft ? 1 : 0) + DisplayWidth.Of(view.Text) + (view.CutRight ? 1 : 0);
            Assert.True(rowWidth <= usable, "row too wide: " + context);
            Assert.True(view.CursorColumn <= usable, "cursor off the row: " + context);

            // The visible text is the slice of the input that holds the cursor (and the
            // character under it), and the cursor column matches the text before it.
            int start = view.TextStart;
            Assert.Equal(input.Substring(start, view.Text.Length), view.Text);
            Assert.True(start <= cursor && cursor <= start + view.Text.Length, "cursor not in view: " + context);
            Assert.True(cursor == input.Length || cursor < start + view.Text.Length, "character under the cursor hidden: " + context);
            Assert.Equal(DisplayWidth.Of(view.Prompt) + (view.CutLeft ? 1 : 0) + DisplayWidth.Of(input.AsSpan(start, cursor - start)), view.CursorColumn);
            Assert.Equal(start > 0, view.CutLeft);
            Assert.Equal(start + view.Text.Length < input.Length, view.CutRight);
        }
    }

    [Fact]
    public void An_incoming_line_is_stripped_of_controls_and_coloured_by_its_style()
    {
        string output = Redraw.Above("[PM from bob]: \u001b[2Jhi\tthere\r", LineStyle.PrivateFrom, Palette.Colour);

        Assert.Equal(Clear + "\u001b[1;35m[PM from bob]: [2Jhi there\u001b[0m\r\n", output);
    }

    [Fact]
    public void An_incoming_line_is_stripped_of_invisible_characters_as_the_server_strips_them()
    {
        // A server the client cannot trust: zero-width, BOM and tag characters (outside the BMP) go; ZWJ stays.
        string output = Redraw.Above("bob: a\u200Bb\uFEFFc\U000E0041d \U0001F469\u200D\U0001F4BB", LineStyle.Message, Palette.Plain);

        Assert.Equal(Clear + "bob: abcd \U0001F469\u200D\U0001F4BB\r\n", output);
    }

    [Fact]
    public void A_sent_line_stays_on_screen_as_prompt_and_text()
    {
        Assert.Equal(Clear + "> hello\r\n", Redraw.Sent("> ", "hello", Palette.Plain));
        Assert.Equal(Clear + "\u001b[1m> \u001b[0mhello\r\n", Redraw.Sent("> ", "hello", Palette.Colour));
    }
}
