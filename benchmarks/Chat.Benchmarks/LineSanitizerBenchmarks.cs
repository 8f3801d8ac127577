using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Chat.Core.Protocol;

namespace Chat.Benchmarks;

/// <summary>What a received line is made of.</summary>
public enum LineText
{
    /// <summary>Plain ASCII words: the common case.</summary>
    Ascii,

    /// <summary>Latin accents, Cyrillic, CJK and emoji: multi-byte UTF-8, surrogate pairs.</summary>
    NonAscii,

    /// <summary>ASCII with telnet negotiation and ANSI escape sequences to strip.</summary>
    Hostile,
}

/// <summary>
/// Cleaning one received line (telnet out, UTF-8 decoded, controls out, trimmed) into the
/// session's scratch buffers. One call is one line; ASCII must allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class LineSanitizerBenchmarks
{
    private readonly byte[] _bytes = new byte[4096];
    private readonly char[] _chars = new char[4096];
    private ReadOnlySequence<byte> _line;

    /// <summary>Raw bytes of the line, LF excluded.</summary>
    [Params(64, 500)]
    public int LineBytes { get; set; }

    [Params(LineText.Ascii, LineText.NonAscii, LineText.Hostile)]
    public LineText Text { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _line = new ReadOnlySequence<byte>(BuildLine(Text, LineBytes));
        if (LineSanitizer.Clean(_line, _bytes, _chars).IsEmpty)
        {
            throw new InvalidOperationException("The benchmark line cleans to nothing.");
        }
    }

    [Benchmark]
    public int Clean() => LineSanitizer.Clean(_line, _bytes, _chars).Length;

    /// <summary>Repeats the pattern's whole pieces up to <paramref name="length"/> bytes, then pads with '.'.</summary>
    private static byte[] BuildLine(LineText text, int length)
    {
        byte[][] pieces = text switch
        {
            LineText.Ascii => [.. "the quick brown fox jumps over the lazy dog ".Split(" ", StringSplitOptions.RemoveEmptyEntries).Select(w => Encoding.UTF8.GetBytes(w + " "))],
            LineText.NonAscii => [.. new[] { "Grüße ", "привет ", "你好 ", "🙂 ", "café " }.Select(Encoding.UTF8.GetBytes)],
            LineText.Hostile => [[255, 251, 1], "\e[2J"u8.ToArray(), "hello "u8.ToArray(), "\e[31m"u8.ToArray(), [255, 250, 24, 0, 255, 240], "red "u8.ToArray(), "\a"u8.ToArray()],
            _ => throw new ArgumentOutOfRangeException(nameof(text)),
        };
        var line = new List<byte>(length);
        for (int i = 0; line.Count + pieces[i % pieces.Length].Length <= length; i++)
        {
            line.AddRange(pieces[i % pieces.Length]);
        }
        while (line.Count < length)
        {
            line.Add((byte)'.');
        }
        return [.. line];
    }
}
