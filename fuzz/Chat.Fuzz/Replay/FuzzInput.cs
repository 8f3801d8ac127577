namespace Chat.Fuzz.Replay;

/// <summary>One turn of a replay: bytes that one client sends in one write.</summary>
public readonly record struct Turn(int Client, ReadOnlyMemory<byte> Bytes);

/// <summary>
/// How a fuzz input becomes the bytes of up to three clients. The input is a list of turns
/// separated by <see cref="Separator"/>; the first byte of a turn picks the client
/// (<c>'1'</c>, <c>'2'</c>, <c>'3'</c>, and every other byte by the same rule modulo 3), the
/// rest is what that client sends, as one write. Turns run one after another, each only once
/// the server has handled the previous one, so a replay is deterministic and an input found by
/// the fuzzer replays the same in a test.
/// </summary>
/// <remarks>
/// The separator is 0x1E (ASCII record separator): a control byte the server drops from a
/// line anyway, so reserving it costs the fuzzer nothing that NUL or BEL do not also cover.
/// </remarks>
public static class FuzzInput
{
    public const byte Separator = 0x1E;

    public const int Clients = 3;

    /// <summary>
    /// Inputs are cut here: far past every limit the replay's server has (a line is 512
    /// bytes at most), and small enough that one execution stays in the milliseconds.
    /// </summary>
    public const int MaxBytes = 64 * 1024;

    public static List<Turn> Parse(ReadOnlyMemory<byte> input)
    {
        if (input.Length > MaxBytes)
        {
            input = input[..MaxBytes];
        }
        var turns = new List<Turn>();
        while (true)
        {
            int end = input.Span.IndexOf(Separator);
            ReadOnlyMemory<byte> turn = end < 0 ? input : input[..end];
            if (!turn.IsEmpty)
            {
                turns.Add(new Turn(ClientOf(turn.Span[0]), turn[1..]));
            }
            if (end < 0)
            {
                return turns;
            }
            input = input[(end + 1)..];
        }
    }

    /// <summary>'1' is client 0, '2' client 1, '3' client 2, and so on round the three.</summary>
    public static int ClientOf(byte selector) => ((selector - '1') % Clients + Clients) % Clients;
}
