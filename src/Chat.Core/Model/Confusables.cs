using System.Text;

namespace Chat.Core.Model;

/// <summary>
/// Unicode's table of confusable characters (UTS #39 §4, <c>Data/confusables.txt</c>): for each
/// character that can be mistaken for another, the prototype it is mapped to. The table itself is
/// generated at build time from that file (Chat.Generators).
/// </summary>
internal static partial class Confusables
{
    /// <summary>The prototype <paramref name="rune"/> maps to; false when it maps to itself.</summary>
    public static bool TryGetPrototype(Rune rune, out ReadOnlySpan<char> prototype)
    {
        int index = Sources.BinarySearch(rune.Value);
        if (index < 0)
        {
            prototype = default;
            return false;
        }
        int start = PrototypeStarts[index];
        prototype = Prototypes.AsSpan(start, PrototypeStarts[index + 1] - start);
        return true;
    }
}
