using System.Buffers;
using System.Text;
using Chat.Core.Protocol;

namespace Chat.Fuzz.Replay;

/// <summary>
/// What no input may ever make the server send: bytes that are not UTF-8 but for the telnet
/// refusals <c>IAC WONT x</c> and <c>IAC DONT x</c> (the server enables no option, so never
/// WILL or DO), or a character PROTOCOL.md's cleaning removes (controls but TAB and LF, bidi
/// and other invisible characters: <see cref="LineSanitizer.IsRemoved"/>, which the property
/// tests hold against a plain model of the rule). The server's own wording has none, names
/// cannot hold them, so one reaching a client means a client's text got through uncleaned: a
/// cursor moved, a screen cleared, a line made to look like another.
/// </summary>
internal static class OutputCheck
{
    private const byte Iac = 0xFF, Wont = 0xFC, Dont = 0xFE;

    /// <summary>Null when <paramref name="output"/> is clean; otherwise what is wrong, and where.</summary>
    public static string? FindViolation(ReadOnlySpan<byte> output)
    {
        int offset = 0;
        while (offset < output.Length)
        {
            if (output[offset..] is [Iac, Wont or Dont, _, ..])
            {
                offset += 3;
                continue;
            }
            OperationStatus status = Rune.DecodeFromUtf8(output[offset..], out Rune rune, out int consumed);
            if (status != OperationStatus.Done)
            {
                return $"invalid UTF-8 at byte {offset}, in line {Context(output, offset)}";
            }
            if (rune.Value != '\n' && LineSanitizer.IsRemoved(rune))
            {
                return $"U+{rune.Value:X4} at byte {offset}, in line {Context(output, offset)}";
            }
            offset += consumed;
        }
        return null;
    }

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
