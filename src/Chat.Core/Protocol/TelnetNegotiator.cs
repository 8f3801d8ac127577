using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Chat.Core.Protocol;

/// <summary>
/// The server's side of telnet option negotiation (RFC 854) for a line server that enables no
/// option: every option stays off on both sides (RFC 1143's NO), so each <c>DO x</c> is refused
/// with <c>WONT x</c> and each <c>WILL x</c> with <c>DONT x</c>, while <c>DONT</c> and <c>WONT</c>,
/// which agree with that state, get no answer: no negotiation can loop (PROTOCOL.md §6, "Telnet").
/// </summary>
/// <remarks>
/// Received bytes are read as they arrive, not per line: telnet sends Ctrl+C as
/// <c>IAC IP IAC DO TIMING-MARK</c> with no line end after it and shows nothing until the
/// timing mark is answered. Telnet never confirms that refusal and asks again at the next
/// Ctrl+C, so every request is answered, not only the first per option. Requests repeated
/// within one read are answered once: at most one WONT and one DONT per option per read.
/// </remarks>
internal struct TelnetNegotiator
{
    private const int Options = 256;

    // WONT x at [x], DONT x at [256 + x]: built once, so answering allocates nothing.
    private static readonly EncodedLine[] Refusals = CreateRefusals();

    private TelnetCommandReader _reader;
    private Owed _owed; // bit i set: Refusals[i] is to be sent
    private bool _optionIsCarriageReturn;

    /// <summary>
    /// Reads <paramref name="received"/>, bytes not read before, in order. A command cut by an LF
    /// ends there, as in a line's cleaning; so does one whose option byte is the CR of a CR LF,
    /// which the line framer takes off.
    /// </summary>
    public void Read(in ReadOnlySequence<byte> received)
    {
        foreach (ReadOnlyMemory<byte> segment in received)
        {
            Read(segment.Span);
        }
    }

    /// <summary>The next refusal owed for what was read; each at most once per read.</summary>
    public bool TryTakeRefusal(out EncodedLine refusal)
    {
        for (int word = 0; word < Owed.Length; word++)
        {
            if (_owed[word] != 0)
            {
                int bit = BitOperations.TrailingZeroCount(_owed[word]);
                _owed[word] &= _owed[word] - 1;
                refusal = Refusals[word * 64 + bit];
                return true;
            }
        }
        refusal = default;
        return false;
    }

    private void Read(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            if (_optionIsCarriageReturn)
            {
                _optionIsCarriageReturn = false;
                if (bytes[0] != (byte)'\n')
                {
                    Owe(_reader.Verb, (byte)'\r');
                }
            }
            if (_reader.IsInText)
            {
                int command = bytes.IndexOf(TelnetCommandReader.Iac);
                if (command < 0)
                {
                    return;
                }
                bytes = bytes[command..];
            }
            byte b = bytes[0];
            bytes = bytes[1..];
            if (b == (byte)'\n')
            {
                _reader = default;
            }
            else if (_reader.Read(b) == TelnetByte.Negotiation)
            {
                if (b == (byte)'\r')
                {
                    _optionIsCarriageReturn = true; // an option only if no LF follows
                }
                else
                {
                    Owe(_reader.Verb, b);
                }
            }
        }
    }

    private void Owe(byte verb, byte option)
    {
        int refusal = verb switch
        {
            TelnetCommandReader.Do => option,
            TelnetCommandReader.Will => Options + option,
            _ => -1, // WONT, DONT: the option is already off
        };
        if (refusal >= 0)
        {
            _owed[refusal / 64] |= 1UL << (refusal % 64);
        }
    }

    private static EncodedLine[] CreateRefusals()
    {
        var refusals = new EncodedLine[2 * Options];
        for (int option = 0; option < Options; option++)
        {
            refusals[option] = new EncodedLine([TelnetCommandReader.Iac, TelnetCommandReader.Wont, (byte)option]);
            refusals[Options + option] = new EncodedLine([TelnetCommandReader.Iac, TelnetCommandReader.Dont, (byte)option]);
        }
        return refusals;
    }

    [InlineArray(Length)]
    private struct Owed
    {
        public const int Length = 2 * Options / 64;
        private ulong _first;
    }
}
