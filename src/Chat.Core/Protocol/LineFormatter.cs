using System.Buffers;
using System.Text.Unicode;

namespace Chat.Core.Protocol;

/// <summary>
/// Builds the lines that carry user text, straight to UTF-8 with no intermediate string:
/// these are the per-message hot path. Everything else the server says is in
/// <see cref="ServerText"/>.
/// </summary>
public static class LineFormatter
{
    /// <summary><c>[HH:MM] [room] alice: text</c></summary>
    public static EncodedLine Message(DateTimeOffset time, string room, string name, ReadOnlySpan<char> text)
    {
        byte[] scratch = Rent(room, name, text);
        Utf8.TryWrite(scratch, $"[{time.Hour:D2}:{time.Minute:D2}] [{room}] {name}: {text}\n", out int written);
        return Finish(scratch, written);
    }

    /// <summary><c>[HH:MM] [room] * alice waves</c></summary>
    public static EncodedLine Action(DateTimeOffset time, string room, string name, ReadOnlySpan<char> text)
    {
        byte[] scratch = Rent(room, name, text);
        Utf8.TryWrite(scratch, $"[{time.Hour:D2}:{time.Minute:D2}] [{room}] * {name} {text}\n", out int written);
        return Finish(scratch, written);
    }

    /// <summary><c>[PM to bob]: text</c> or <c>[PM from alice]: text</c>.</summary>
    public static EncodedLine Private(string direction, string name, ReadOnlySpan<char> text)
    {
        byte[] scratch = Rent(direction, name, text);
        Utf8.TryWrite(scratch, $"[PM {direction} {name}]: {text}\n", out int written);
        return Finish(scratch, written);
    }

    // Room and name are at most 20 runes each; the fixed parts of every line above fit in 32.
    private static byte[] Rent(string a, string b, ReadOnlySpan<char> text) =>
        ArrayPool<byte>.Shared.Rent(System.Text.Encoding.UTF8.GetMaxByteCount(a.Length + b.Length + text.Length + 32));

    private static EncodedLine Finish(byte[] scratch, int written)
    {
        var line = new EncodedLine(scratch.AsSpan(0, written).ToArray());
        ArrayPool<byte>.Shared.Return(scratch);
        return line;
    }
}
