using System.Buffers;
using System.Text.Unicode;

namespace Chat.Core.Protocol;

/// <summary>
/// Builds the lines that carry user text, straight to UTF-8 with no intermediate string:
/// these are the per-message hot path. Everything else the server says is in
/// <see cref="ServerText"/>.
/// </summary>
/// <remarks>
/// Each line comes two ways: <c>TryWrite…</c> formats into the caller's buffer and allocates
/// nothing; the <see cref="EncodedLine"/> form allocates exactly the line's bytes, the one
/// buffer a broadcast shares with every recipient and its room's history.
/// </remarks>
public static class LineFormatter
{
    /// <summary><c>[HH:MM] [room] alice: text</c></summary>
    public static EncodedLine Message(DateTimeOffset time, string room, string name, ReadOnlySpan<char> text)
    {
        byte[] scratch = Rent(room, name, text);
        TryWriteMessage(scratch, time, room, name, text, out int written);
        return Finish(scratch, written);
    }

    /// <summary>Writes <c>[HH:MM] [room] alice: text</c> and its LF; false if <paramref name="destination"/> is too small.</summary>
    public static bool TryWriteMessage(Span<byte> destination, DateTimeOffset time, string room, string name, ReadOnlySpan<char> text, out int written) =>
        Utf8.TryWrite(destination, $"[{time.Hour:D2}:{time.Minute:D2}] [{room}] {name}: {text}\n", out written);

    /// <summary><c>[HH:MM] [room] * alice waves</c></summary>
    public static EncodedLine Action(DateTimeOffset time, string room, string name, ReadOnlySpan<char> text)
    {
        byte[] scratch = Rent(room, name, text);
        TryWriteAction(scratch, time, room, name, text, out int written);
        return Finish(scratch, written);
    }

    /// <summary>Writes <c>[HH:MM] [room] * alice waves</c> and its LF; false if <paramref name="destination"/> is too small.</summary>
    public static bool TryWriteAction(Span<byte> destination, DateTimeOffset time, string room, string name, ReadOnlySpan<char> text, out int written) =>
        Utf8.TryWrite(destination, $"[{time.Hour:D2}:{time.Minute:D2}] [{room}] * {name} {text}\n", out written);

    /// <summary><c>[PM to bob]: text</c> or <c>[PM from alice]: text</c>.</summary>
    public static EncodedLine Private(string direction, string name, ReadOnlySpan<char> text)
    {
        byte[] scratch = Rent(direction, name, text);
        TryWritePrivate(scratch, direction, name, text, out int written);
        return Finish(scratch, written);
    }

    /// <summary>Writes <c>[PM direction name]: text</c> and its LF; false if <paramref name="destination"/> is too small.</summary>
    public static bool TryWritePrivate(Span<byte> destination, string direction, string name, ReadOnlySpan<char> text, out int written) =>
        Utf8.TryWrite(destination, $"[PM {direction} {name}]: {text}\n", out written);

    /// <summary><c>[HH:MM] [room] alice: text</c>, from text already in UTF-8.</summary>
    public static EncodedLine Message(DateTimeOffset time, string room, string name, ReadOnlySpan<byte> utf8Text)
    {
        Span<byte> prefix = stackalloc byte[MaxPrefixBytes];
        Utf8.TryWrite(prefix, $"[{time.Hour:D2}:{time.Minute:D2}] [{room}] {name}: ", out int written);
        return Compose(prefix[..written], utf8Text);
    }

    /// <summary><c>[HH:MM] [room] * alice waves</c>, from text already in UTF-8.</summary>
    public static EncodedLine Action(DateTimeOffset time, string room, string name, ReadOnlySpan<byte> utf8Text)
    {
        Span<byte> prefix = stackalloc byte[MaxPrefixBytes];
        Utf8.TryWrite(prefix, $"[{time.Hour:D2}:{time.Minute:D2}] [{room}] * {name} ", out int written);
        return Compose(prefix[..written], utf8Text);
    }

    /// <summary><c>[PM to bob]: text</c> or <c>[PM from alice]: text</c>, from text already in UTF-8.</summary>
    public static EncodedLine Private(string direction, string name, ReadOnlySpan<byte> utf8Text)
    {
        Span<byte> prefix = stackalloc byte[MaxPrefixBytes];
        Utf8.TryWrite(prefix, $"[PM {direction} {name}]: ", out int written);
        return Compose(prefix[..written], utf8Text);
    }

    /// <summary>
    /// A destination size that fits any of the lines above made of these parts: the worst
    /// case of UTF-8 for their chars, with 32 chars for the fixed parts of every line.
    /// </summary>
    public static int MaxByteCount(string roomOrDirection, string name, ReadOnlySpan<char> text) =>
        System.Text.Encoding.UTF8.GetMaxByteCount(roomOrDirection.Length + name.Length + text.Length + 32);

    // Room and user names are at most 20 runes (NameRules), so a prefix is at most 2 x 80
    // bytes of names and a few of its own.
    private const int MaxPrefixBytes = 256;

    private static byte[] Rent(string a, string b, ReadOnlySpan<char> text) =>
        ArrayPool<byte>.Shared.Rent(MaxByteCount(a, b, text));

    private static EncodedLine Finish(byte[] scratch, int written)
    {
        var line = new EncodedLine(scratch.AsSpan(0, written).ToArray());
        ArrayPool<byte>.Shared.Return(scratch);
        return line;
    }

    private static EncodedLine Compose(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> utf8Text)
    {
        var bytes = new byte[prefix.Length + utf8Text.Length + 1];
        prefix.CopyTo(bytes);
        utf8Text.CopyTo(bytes.AsSpan(prefix.Length));
        bytes[^1] = (byte)'\n';
        return new EncodedLine(bytes);
    }
}
