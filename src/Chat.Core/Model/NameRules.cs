using System.Globalization;
using System.Text;

namespace Chat.Core.Model;

/// <summary>What makes a user or room name valid (PROTOCOL.md §1), and how names compare.</summary>
public static class NameRules
{
    public const int MaxRunes = 20;

    /// <summary>Names are matched and sorted ignoring case, the ordinal way; they are unique by this and by look (<see cref="NameIndex{T}"/>).</summary>
    public static readonly StringComparer Comparer = StringComparer.OrdinalIgnoreCase;

    /// <summary>
    /// Normalises <paramref name="input"/> to NFC and accepts it when it is 1–20 runes, each a
    /// letter, a decimal digit, '_' or '-'. The name keeps the spelling its owner typed.
    /// </summary>
    public static bool TryNormalize(ReadOnlySpan<char> input, out string name)
    {
        name = "";
        // Whatever NFC composes, a valid name never needs more than this many UTF-16 units
        // per rune in the input; the bound stops a long line being normalised for nothing.
        if (input.IsEmpty || input.Length > MaxRunes * 8)
        {
            return false;
        }
        string normalized;
        try
        {
            normalized = new string(input).Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return false; // a lone surrogate cannot be normalised, and is no letter anyway
        }
        int runes = 0;
        foreach (Rune rune in normalized.EnumerateRunes())
        {
            if (++runes > MaxRunes || !IsNameRune(rune))
            {
                return false;
            }
        }
        name = normalized;
        return true;
    }

    private static bool IsNameRune(Rune rune) =>
        rune.Value is '_' or '-' || Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.DecimalDigitNumber => true,
            _ => false,
        };
}
