using System.Buffers;
using System.Text;

namespace Chat.Fuzz.Replay;

/// <summary>
/// What no input may ever make the server send: bytes that are not UTF-8, or the characters
/// PROTOCOL.md's cleaning removes (C0 controls but TAB and LF, DEL, C1 controls, bidi
/// controls). The server's own wording has none, names cannot hold them, so one reaching a
/// client means a client's text got through uncleaned: a cursor moved, a screen cleared.
/// </summary>
internal static class OutputCheck
{
    /// <summary>Null when <paramref name="output"/> is clean; otherwise what is wrong, and where.</summary>
    public static string? FindViolation(ReadOnlySpan<byte> output)
    {
        int offset = 0;
        while (offset < output.Length)
        {
            OperationStatus status = Rune.DecodeFromUtf8(output[offset..], out Rune rune, out int consumed);
            if (status != OperationStatus.Done)
            {
                return $"invalid UTF-8 at byte {offset}, in line {Context(output, offset)}";
            }
            if (IsForbidden(rune))
            {
                return $"U+{rune.Value:X4} at byte {offset}, in line {Context(output, offset)}";
            }
            offset += consumed;
        }
        return null;
    }

    private static bool IsForbidden(Rune rune) => rune.Value switch
    {
        '\n' or '\t' => false,
        < 0x20 => true,
        >= 0x7F and <= 0x9F => true,
        0x200E or 0x200F => true,
        >= 0x202A and <= 0x202E => true,
        >= 0x2066 and <= 0x2069 => true,
        _ => false,
    };

    /// <summary>The line around <paramref name="offset"/>, with every byte outside printable ASCII escaped.</summary>
    private static string Context(ReadOnlySpan<byte> output, int offset)
    {
        int start = output[..offset].LastIndexOf((byte)'\n') + 1;
        int end = output[offset..].IndexOf((byte)'\n');
        ReadOnlySpan<byte> line = output[start..(end < 0 ? output.Length : offset + end)];
        var text = new StringBuilder("\"");
        foreach (byte b in line[..Math.Min(line.Length, 200)])
        {
            text.Append(b is >= 0x20 and < 0x7F and not (byte)'\\' ? (char)b : $"\\x{b:x2}");
        }
        return text.Append('"').ToString();
    }
}
