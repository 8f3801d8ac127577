using System.Text;
using Chat.Core.Model;
using Chat.Tests.Properties;
using CsCheck;

namespace Chat.Tests.Model;

/// <summary>
/// The look-alike key of PROTOCOL.md §1: the table built from confusables.txt at build time is the
/// file's, and <see cref="NameSkeleton"/> computes what <see cref="NameModel.Skeleton"/> does.
/// </summary>
public sealed class NameSkeletonTests
{
    [Fact]
    public void TheGeneratedTableIsTheFilesEveryMappingAndNoOther()
    {
        int mapped = 0;
        for (int codePoint = 0; codePoint <= 0x10FFFF; codePoint++)
        {
            if (!Rune.IsValid(codePoint))
            {
                continue;
            }
            string? expected = NameModel.Prototype(codePoint);
            bool found = Confusables.TryGetPrototype(new Rune(codePoint), out ReadOnlySpan<char> prototype);
            Assert.True(expected is not null == found, $"U+{codePoint:X4}");
            if (found)
            {
                Assert.Equal(expected, prototype.ToString());
                mapped++;
            }
        }
        Assert.Equal(NameModel.PrototypeCount, mapped);
        Assert.True(mapped > 6_000, $"only {mapped} mappings");
    }

    [Fact]
    public void TheTableIsUnicode17()
    {
        string header = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "confusables.txt")).First(l => l.StartsWith("# Version:"));
        Assert.Equal("# Version: 17.0.0", header);
        Assert.Equal("17.0.0", Confusables.UnicodeVersion);
    }

    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("\u0430lice", "alice")]   // Cyrillic а
    [InlineData("aIice", "alice")]         // capital I looks like l
    [InlineData("a1ice", "alice")]
    [InlineData("ALICE", "allce")]         // so ALICE's skeleton is not alice's: the case rule covers it
    [InlineData("\uFF42\uFF4F\uFF42", "bob")] // fullwidth, folded by NFKD
    [InlineData("b0b", "bob")]
    [InlineData("m", "rn")]
    [InlineData("lobby", "lobby")]
    public void ASkeletonIsWhatTheNameLooksLike(string name, string skeleton)
    {
        Assert.Equal(skeleton, NameSkeleton.Of(name));
    }

    [Fact]
    public void TheSkeletonAgreesWithTheModelOnEveryValidName()
    {
        int lookAlikes = 0;
        Gen.Select(NameModel.Text, Gen.Int[0, NameModel.Spellings - 1]).Sample((typed, how) =>
        {
            if (NameRules.TryNormalize(NameModel.Spell(typed, how), out string name))
            {
                string skeleton = NameSkeleton.Of(name);
                Assert.Equal(NameModel.Skeleton(name), skeleton);
                if (skeleton != name.ToLowerInvariant())
                {
                    Interlocked.Increment(ref lookAlikes);
                }
            }
        }, iter: 10_000);
        Assert.True(lookAlikes > 1_000, $"only {lookAlikes} names the table changed");
    }
}
