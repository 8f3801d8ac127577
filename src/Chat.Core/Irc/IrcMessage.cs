using System.Runtime.CompilerServices;

namespace Chat.Core.Irc;

/// <summary>
/// One IRC message (modern.ircdocs.horse, "Messages"): <c>[@tags] [:source] COMMAND [params] [:trailing]</c>,
/// parsed in place: every part is a slice of the line it was parsed from, so parsing allocates nothing.
/// </summary>
/// <remarks>The line has no CR or LF (the framer took them off).</remarks>
internal ref struct IrcMessage
{
    /// <summary>At most this many parameters (RFC 1459); the last one takes the rest of the line.</summary>
    public const int MaxParameters = 15;

    /// <summary>The longest message without its tags and CRLF: 512 bytes with them.</summary>
    public const int MaxBodyBytes = 510;

    /// <summary>The longest tag section a client may send, its '@' and the space after it included.</summary>
    public const int MaxClientTagBytes = 4096;

    private ReadOnlySpan<byte> _line;
    private Ranges _parameters;

    /// <summary>The tags, without the '@'; empty when none.</summary>
    public ReadOnlySpan<byte> Tags { get; private set; }

    /// <summary>The source, without the ':'; empty when none.</summary>
    public ReadOnlySpan<byte> Source { get; private set; }

    public ReadOnlySpan<byte> Command { get; private set; }

    public int ParameterCount { get; private set; }

    public readonly ReadOnlySpan<byte> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)ParameterCount);
            return _line[_parameters[index]];
        }
    }

    /// <summary>Whether the command is <paramref name="upperCase"/>, ignoring case.</summary>
    public readonly bool Is(ReadOnlySpan<byte> upperCase) => System.Text.Ascii.EqualsIgnoreCase(Command, upperCase);

    /// <summary>Parses <paramref name="line"/>.</summary>
    public static IrcParse TryParse(ReadOnlySpan<byte> line, out IrcMessage message)
    {
        message = default;
        message._line = line;
        int position = 0;
        if (line.Length > 0 && line[0] == (byte)'@')
        {
            int end = line.IndexOf((byte)' ');
            if (end < 0)
            {
                return IrcParse.Empty;
            }
            if (end + 1 > MaxClientTagBytes)
            {
                return IrcParse.TooLong;
            }
            message.Tags = line[1..end];
            position = SkipSpaces(line, end);
        }
        if (line.Length - position > MaxBodyBytes)
        {
            return IrcParse.TooLong;
        }
        if (position < line.Length && line[position] == (byte)':')
        {
            int end = IndexOfSpace(line, position);
            message.Source = line[(position + 1)..end];
            position = SkipSpaces(line, end);
        }
        int commandEnd = IndexOfSpace(line, position);
        message.Command = line[position..commandEnd];
        if (message.Command.IsEmpty)
        {
            return IrcParse.Empty;
        }
        position = SkipSpaces(line, commandEnd);
        int count = 0;
        while (position < line.Length)
        {
            if (line[position] == (byte)':' || count == MaxParameters - 1)
            {
                int start = line[position] == (byte)':' ? position + 1 : position;
                message._parameters[count++] = new Range(start, line.Length);
                break;
            }
            int end = IndexOfSpace(line, position);
            message._parameters[count++] = new Range(position, end);
            position = SkipSpaces(line, end);
        }
        message.ParameterCount = count;
        return IrcParse.Message;
    }

    private static int IndexOfSpace(ReadOnlySpan<byte> line, int from)
    {
        int space = line[from..].IndexOf((byte)' ');
        return space < 0 ? line.Length : from + space;
    }

    private static int SkipSpaces(ReadOnlySpan<byte> line, int from)
    {
        while (from < line.Length && line[from] == (byte)' ')
        {
            from++;
        }
        return from;
    }

    [InlineArray(MaxParameters)]
    private struct Ranges
    {
        private Range _first;
    }
}

/// <summary>What <see cref="IrcMessage.TryParse"/> made of a line.</summary>
internal enum IrcParse
{
    Message,

    /// <summary>No command: an empty line, or tags with nothing after them. Ignored, as servers do.</summary>
    Empty,

    /// <summary>Over 512 bytes without the tags, or tags over their limit: 417 ERR_INPUTTOOLONG.</summary>
    TooLong,
}
