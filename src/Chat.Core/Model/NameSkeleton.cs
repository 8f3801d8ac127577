using System.Text;

namespace Chat.Core.Model;

/// <summary>
/// What a name looks like, as a string: two names with the same skeleton look alike, and so
/// count as one (PROTOCOL.md §1). Computed once per name, at login or <c>/join</c> or
/// <c>/msg</c>, never per message.
/// </summary>
internal static class NameSkeleton
{
    /// <summary>The skeleton of <paramref name="name"/>, a name <see cref="NameRules.TryNormalize"/> accepted.</summary>
    /// <remarks>
    /// UTS #39 §4's skeleton (decompose, map each character to its prototype, decompose again), in
    /// two ways as ergo computes it: the first decomposition is the compatibility one (NFKD), which
    /// folds the fullwidth letters the table leaves out (ｂ, ｄ, ｍ...), and the result is lowercased,
    /// so that a look-alike of another case of a name is caught too (<c>Аlice</c> with a Cyrillic
    /// А looks like <c>Alice</c>). Lowercasing comes after the mapping, not before: the table maps
    /// <c>I</c> to <c>l</c>, which lowercasing first would turn into an <c>i</c> nothing maps to.
    /// Bounded: a name is at most 20 runes, NFKD expands one at most 18-fold and a prototype is at
    /// most 18 characters.
    /// </remarks>
    public static string Of(string name)
    {
        string decomposed = name.Normalize(NormalizationForm.FormKD);
        var mapped = new StringBuilder(decomposed.Length);
        for (int i = 0; i < decomposed.Length;)
        {
            Rune.DecodeFromUtf16(decomposed.AsSpan(i), out Rune rune, out int length);
            mapped.Append(Confusables.TryGetPrototype(rune, out ReadOnlySpan<char> prototype) ? prototype : decomposed.AsSpan(i, length));
            i += length;
        }
        return mapped.ToString().Normalize(NormalizationForm.FormD).ToLowerInvariant();
    }
}
