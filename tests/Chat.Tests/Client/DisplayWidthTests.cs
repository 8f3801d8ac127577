using Chat.Client.Display;

namespace Chat.Tests.Client;

public class DisplayWidthTests
{
    [Theory]
    [InlineData("hello", 5)]
    [InlineData("привет", 6)]          // Cyrillic: narrow
    [InlineData("你好", 4)]             // CJK: wide
    [InlineData("ｈｉ", 4)]             // fullwidth Latin
    [InlineData("😀", 2)]               // emoji, outside the BMP
    [InlineData("e\u0301", 1)]          // e + combining acute
    [InlineData("й", 1)]                // precomposed
    [InlineData("и\u0306", 1)]          // decomposed: и + combining breve
    [InlineData("", 0)]
    public void Counts_terminal_columns(string text, int columns) =>
        Assert.Equal(columns, DisplayWidth.Of(text));

    [Fact]
    public void Cells_are_text_elements_with_their_widths()
    {
        List<TextCell> cells = DisplayWidth.Cells("a😀e\u0301你");

        Assert.Equal(
            [new TextCell(0, 1, 1), new TextCell(1, 2, 2), new TextCell(3, 2, 1), new TextCell(5, 1, 2)],
            cells);
    }
}
