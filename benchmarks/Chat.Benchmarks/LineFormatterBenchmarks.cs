using BenchmarkDotNet.Attributes;
using Chat.Core.Protocol;

namespace Chat.Benchmarks;

/// <summary>
/// Formatting one chat message, <c>[HH:MM] [room] name: text</c>, to UTF-8. A broadcast
/// formats once and shares the bytes with every member, so <see cref="Message"/> allocates
/// exactly that one shared line by design; <see cref="MessageIntoBuffer"/> shows that the
/// formatting itself allocates nothing.
/// </summary>
[MemoryDiagnoser]
public class LineFormatterBenchmarks
{
    private const string Room = "lobby";
    private const string Name = "alice";
    private static readonly DateTimeOffset Time = new(2025, 1, 2, 14, 2, 0, TimeSpan.Zero);

    private string _text = "";
    private byte[] _buffer = [];

    /// <summary>Characters of ASCII message text (500 is the default limit).</summary>
    [Params(64, 500)]
    public int TextChars { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _text = string.Create(TextChars, 0, (span, _) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = i % 6 == 5 ? ' ' : (char)('a' + (i % 26));
            }
        });
        _buffer = new byte[LineFormatter.MaxByteCount(Room, Name, _text)];
    }

    /// <summary>The per-broadcast line: its one allocation is the shared byte[].</summary>
    [Benchmark]
    public int Message() => LineFormatter.Message(Time, Room, Name, _text).Length;

    /// <summary>The same line into a buffer the caller owns: the formatter itself allocates nothing.</summary>
    [Benchmark]
    public int MessageIntoBuffer()
    {
        LineFormatter.TryWriteMessage(_buffer, Time, Room, Name, _text, out int written);
        return written;
    }
}
