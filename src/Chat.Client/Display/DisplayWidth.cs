using System.Globalization;
using System.Text;
using Wcwidth;

namespace Chat.Client.Display;

/// <summary>
/// How many terminal columns text takes, the way terminals count them (wcwidth): East Asian
/// wide and fullwidth characters and emoji take 2, combining marks and other zero-width
/// characters 0, everything else 1. The table is the Wcwidth package's, kept current with
/// each Unicode version, rather than a hand-written copy that would age.
/// </summary>
internal static class DisplayWidth
{
    /// <summary>Columns of one rune; control characters count 0 (they never reach the screen).</summary>
    public static int Of(Rune rune) => Math.Max(0, UnicodeCalculator.GetWidth(rune));

    /// <summary>Columns of <paramref name="text"/>: the sum over its runes.</summary>
    /// <remarks>
    /// A ZWJ emoji sequence counts as the sum of its parts, as terminals without grapheme
    /// support (tmux, xterm, the Linux console) draw it.
    /// </remarks>
    public static int Of(ReadOnlySpan<char> text)
    {
        int width = 0;
        foreach (Rune rune in text.EnumerateRunes())
        {
            width += Of(rune);
        }
        return width;
    }

    /// <summary>
    /// The text elements (grapheme clusters) of <paramref name="text"/>: where each starts,
    /// how many chars it has, and how many columns it takes. The cursor moves by these.
    /// </summary>
    public static List<TextCell> Cells(string text)
    {
        var cells = new List<TextCell>();
        for (int i = 0; i < text.Length;)
        {
            int length = StringInfo.GetNextTextElementLength(text, i);
            cells.Add(new TextCell(i, length, Of(text.AsSpan(i, length))));
            i += length;
        }
        return cells;
    }
}

/// <summary>One text element of a string: <c>text[Start..(Start + Length)]</c>, <see cref="Width"/> columns wide.</summary>
internal readonly record struct TextCell(int Start, int Length, int Width);
