namespace Chat.Core.Protocol;

/// <summary>What one received byte is in telnet's command syntax.</summary>
internal enum TelnetByte : byte
{
    /// <summary>Text: an ordinary byte, or the second byte of <c>IAC IAC</c> (one 0xFF).</summary>
    Data,

    /// <summary>Part of a command, dropped from the text.</summary>
    Command,

    /// <summary>The option byte that completes <c>IAC</c> WILL/WONT/DO/DONT; the verb is <see cref="TelnetCommandReader.Verb"/>.</summary>
    Negotiation,
}

/// <summary>
/// Telnet's command syntax (RFC 854, subnegotiation RFC 855), one byte at a time, as PROTOCOL.md
/// "Wire format" step 1 has it. The cleaning of a line and the answering of option negotiation
/// (<see cref="TelnetNegotiator"/>) read with this one reader, so both agree on what is a command.
/// </summary>
internal struct TelnetCommandReader
{
    public const byte Iac = 255;
    public const byte Will = 251;
    public const byte Wont = 252;
    public const byte Do = 253;
    public const byte Dont = 254;
    private const byte SubnegotiationBegin = 250;
    private const byte SubnegotiationEnd = 240;

    private State _state;

    private enum State : byte { Data, Command, Option, Subnegotiation, SubnegotiationCommand }

    /// <summary>WILL, WONT, DO or DONT: the verb of the negotiation the last <see cref="TelnetByte.Negotiation"/> completed.</summary>
    public byte Verb { get; private set; }

    /// <summary>True between commands, where only an IAC starts one.</summary>
    public readonly bool IsInText => _state == State.Data;

    public TelnetByte Read(byte b)
    {
        switch (_state)
        {
            case State.Data when b == Iac:
                _state = State.Command;
                return TelnetByte.Command;
            case State.Data:
                return TelnetByte.Data;
            case State.Command when b == Iac:
                _state = State.Data;
                return TelnetByte.Data;
            case State.Command when b >= Will:
                Verb = b;
                _state = State.Option;
                return TelnetByte.Command;
            case State.Command when b == SubnegotiationBegin:
                _state = State.Subnegotiation;
                return TelnetByte.Command;
            case State.Command:
                _state = State.Data;
                return TelnetByte.Command;
            case State.Option:
                _state = State.Data;
                return TelnetByte.Negotiation;
            case State.Subnegotiation:
                // Inside SB, IAC IAC is a data byte (RFC 855): only IAC SE ends it.
                if (b == Iac)
                {
                    _state = State.SubnegotiationCommand;
                }
                return TelnetByte.Command;
            default: // State.SubnegotiationCommand
                _state = b == SubnegotiationEnd ? State.Data : State.Subnegotiation;
                return TelnetByte.Command;
        }
    }
}
