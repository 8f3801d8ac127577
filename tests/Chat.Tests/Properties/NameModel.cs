using System.Globalization;
using System.Text;
using CsCheck;

namespace Chat.Tests.Properties;

/// <summary>
/// PROTOCOL.md §1's name rule, written from its sentence: NFC, then 1–20 runes, each a letter
/// (L*), a decimal digit (Nd), '_' or '-'; names sort the <see cref="StringComparer.OrdinalIgnoreCase"/>
/// way, which the protocol names as the rule, and are one name when equal that way or when their
/// skeletons are: NFKD, each character mapped as Unicode's confusables.txt says, NFD, lowercase.
/// </summary>
internal static class NameModel
{
    public static readonly StringComparer Comparer = StringComparer.OrdinalIgnoreCase;

    /// <summary>confusables.txt read as its header says: "SOURCE ; TARGET... ; TYPE", comments after '#'.</summary>
    private static readonly Dictionary<int, string> Prototypes = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "confusables.txt"))
        .Select(line => line.Split('#')[0].Split(';'))
        .Where(fields => fields.Length == 3)
        .ToDictionary(
            fields => Convert.ToInt32(fields[0].Trim(), 16),
            fields => string.Concat(fields[1].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(hex => char.ConvertFromUtf32(Convert.ToInt32(hex, 16)))));

    /// <summary>For each one-character prototype, the letters that map to it, ascending.</summary>
    private static readonly Dictionary<string, int[]> LookAlikeLetters = Prototypes
        .Where(p => Rune.IsLetter(new Rune(p.Key)) && p.Value.EnumerateRunes().Count() == 1)
        .GroupBy(p => p.Value, p => p.Key)
        .ToDictionary(g => g.Key, g => g.Order().ToArray());

    /// <summary>How many mappings the file has.</summary>
    public static int PrototypeCount => Prototypes.Count;

    /// <summary>The prototype confusables.txt gives <paramref name="codePoint"/>, or null.</summary>
    public static string? Prototype(int codePoint) => Prototypes.GetValueOrDefault(codePoint);

    /// <summary>What <paramref name="name"/> looks like.</summary>
    public static string Skeleton(string name)
    {
        string mapped = string.Concat(name.Normalize(NormalizationForm.FormKD).EnumerateRunes()
            .Select(rune => Prototypes.GetValueOrDefault(rune.Value) ?? rune.ToString()));
        return mapped.Normalize(NormalizationForm.FormD).ToLowerInvariant();
    }

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> cannot both be online, nor both be rooms.</summary>
    public static bool SameName(string a, string b) => Comparer.Equals(a, b) || Skeleton(a) == Skeleton(b);

    /// <summary>The one of <paramref name="items"/> named <paramref name="name"/> ignoring case, else the one whose name looks like it.</summary>
    public static T? Find<T>(IEnumerable<T> items, Func<T, string> nameOf, string name)
        where T : class =>
        items.FirstOrDefault(item => Comparer.Equals(nameOf(item), name))
        ?? items.FirstOrDefault(item => Skeleton(nameOf(item)) == Skeleton(name));

    /// <summary>The name <paramref name="typed"/> stands for, or null when it is no valid name.</summary>
    public static string? Normalize(string typed)
    {
        // Text with a lone surrogate is not a sequence of Unicode characters at all.
        for (int i = 0; i < typed.Length; i++)
        {
            if (char.IsHighSurrogate(typed[i]) && i + 1 < typed.Length && char.IsLowSurrogate(typed[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(typed[i]))
            {
                return null;
            }
        }
        string name = typed.Normalize(NormalizationForm.FormC);
        int runes = 0;
        for (int i = 0; i < name.Length; runes++)
        {
            Rune.DecodeFromUtf16(name.AsSpan(i), out Rune rune, out int used);
            i += used;
            if (!(Rune.IsLetter(rune) || Rune.IsDigit(rune) || rune.Value == '_' || rune.Value == '-'))
            {
                return null;
            }
        }
        return runes is >= 1 and <= 20 ? name : null;
    }

    /// <summary>True when <paramref name="names"/> is in the protocol's order: each strictly before the next.</summary>
    public static bool IsSorted(IReadOnlyList<string> names)
    {
        for (int i = 1; i < names.Count; i++)
        {
            if (Comparer.Compare(names[i - 1], names[i]) >= 0)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Pieces of text from many Unicode categories, letters most often: ASCII and Latin letters,
    /// letters that NFC changes (decomposed forms, Kelvin and Ångström signs, Hangul jamo),
    /// titlecase, modifier and other letters, letters beyond the BMP, digits that are and are not
    /// Nd, marks, controls, bidi controls, lone surrogates, whitespace, symbols.
    /// </summary>
    public static readonly Gen<string> Piece = Gen.Frequency(
        (3, NamePiece()),
        (1, Gen.Frequency(
            (2, Gen.OneOf("٣", "४", "𝟎", "¹", "²", "Ⅻ", "ⅻ", "½", "௰")),
            (3, Gen.OneOf("\u0301", "\u0308", "\u0323", "\u093F", "\u20DD", "\u200D", "\u00AD")),
            (2, Gen.Char['\u0000', '\u001F'].Select(c => c.ToString())),
            (1, Gen.Char['\u007F', '\u009F'].Select(c => c.ToString())),
            (2, Gen.OneOf("\u200E", "\u200F", "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069")),
            (2, Gen.OneOf("\uD800", "\uDBFF", "\uDC00", "\uDFFF")),
            (2, Gen.OneOf(" ", "\t", "\u00A0", "\u3000", "\u2028")),
            (2, Gen.OneOf("😀", "$", "!", "/", ".", "@", "\uFFFD", "\uFEFF", "·", "‿")),
            (1, Gen.Char.Select(c => c.ToString())))));

    /// <summary>
    /// Text of up to 24 pieces: half the time only name characters, so that valid names, names
    /// of exactly 20 runes and names one rune too long are all common; else anything.
    /// </summary>
    public static readonly Gen<string> Text = Gen.OneOf(
        NamePiece().Array[1, 23].Select(string.Concat),
        Piece.Array[0, 24].Select(string.Concat));

    /// <summary>Pieces that are, or compose under NFC to, one name character each.</summary>
    private static Gen<string> NamePiece() => Gen.Frequency(
        (10, Gen.Char['a', 'z'].Select(c => c.ToString())),
        (5, Gen.Char['A', 'Z'].Select(c => c.ToString())),
        (3, Gen.Char['0', '9'].Select(c => c.ToString())),
        (2, Gen.OneOf("_", "-")),
        (6, Gen.OneOf("é", "É", "ß", "ẞ", "İ", "ı", "i", "I", "ς", "σ", "Σ", "ǅ", "ǆ", "Ǆ", "ʰ", "Ａ", "ａ", "ﬁ", "ø", "Ø", "ж", "Ж", "ά", "中", "あ", "ア", "ー", "٣", "४")),
        (4, Gen.OneOf("e\u0301", "E\u0301", "A\u030A", "a\u0308", "\u212A", "\u212B", "\u2126", "\u1100\u1161", "\u1100\u1161\u11A8", "한", "\u0958")),
        (3, Gen.OneOf("𐐀", "𐐨", "𝐀", "𝐚", "𠀀", "𞤀", "𞤢", "𝟎")));

    /// <summary>How many ways <see cref="Spell"/> knows to respell a name.</summary>
    public const int Spellings = 9;

    /// <summary>
    /// <paramref name="name"/> respelled the <paramref name="how"/>-th way: as it is, in other case,
    /// decomposed, or both, or with each character that has look-alike letters replaced by the
    /// first or the last of them. Most stand for the same name ignoring case or by look; some
    /// (Turkish dotted I, a letter whose case changes its length, a look-alike NFC composes
    /// differently) do not, and the model must say which.
    /// </summary>
    public static string Spell(string name, int how) => how switch
    {
        0 => name,
        1 => name.ToUpperInvariant(),
        2 => name.ToLowerInvariant(),
        3 => name.ToUpper(CultureInfo.GetCultureInfo("tr-TR")),
        4 => Decompose(name),
        5 => Decompose(name).ToUpperInvariant(),
        7 => LookAlike(name, letters => letters[0]),
        8 => LookAlike(name, letters => letters[^1]),
        _ => new string(name.Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)).ToArray()),
    };

    private static string LookAlike(string name, Func<int[], int> pick) =>
        string.Concat(name.EnumerateRunes().Select(rune =>
            LookAlikeLetters.TryGetValue(rune.ToString(), out int[]? letters) ? char.ConvertFromUtf32(pick(letters)) : rune.ToString()));

    private static string Decompose(string text)
    {
        try
        {
            return text.Normalize(NormalizationForm.FormD);
        }
        catch (ArgumentException)
        {
            return text; // a lone surrogate: nothing to decompose
        }
    }
}
