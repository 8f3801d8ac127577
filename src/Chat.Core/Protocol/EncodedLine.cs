namespace Chat.Core.Protocol;

/// <summary>
/// Text ready for the wire: UTF-8, each line ending in LF. It is encoded once and the same
/// bytes are handed to every recipient and kept in history, so a broadcast costs one buffer
/// whatever the size of the room. (The one exception is a telnet refusal,
/// <see cref="TelnetNegotiator"/>: three bytes of telnet command, queued like a line.)
/// </summary>
public readonly struct EncodedLine(byte[] utf8)
{
    private readonly byte[] _utf8 = utf8;

    public ReadOnlySpan<byte> Span => _utf8;

    public ReadOnlyMemory<byte> Memory => _utf8;

    /// <summary>True for <c>default</c>: no line at all.</summary>
    public bool IsEmpty => _utf8 is null or [];

    public int Length => _utf8.Length;

    /// <summary>Encodes constant text once, at start-up.</summary>
    public static EncodedLine FromText(string text) => new(System.Text.Encoding.UTF8.GetBytes(text));

    public override string ToString() => System.Text.Encoding.UTF8.GetString(_utf8);
}
