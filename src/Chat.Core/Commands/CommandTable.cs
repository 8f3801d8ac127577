using Chat.Core.Protocol;

namespace Chat.Core.Commands;

/// <summary>
/// Maps a line to the command that handles it, ignoring the word's case, without allocating:
/// the lookup takes the word as a span of the received line.
/// </summary>
internal sealed class CommandTable
{
    private static readonly SayCommand Say = new();
    private static readonly UnknownCommand Unknown = new();

    private readonly Dictionary<string, IChatCommand>.AlternateLookup<ReadOnlySpan<char>> _byName;

    public CommandTable(IReadOnlyList<IChatCommand> commands)
    {
        var byName = commands.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        _byName = byName.GetAlternateLookup<ReadOnlySpan<char>>();
        HelpText = ServerText.Help(commands.Select(c => (c.Usage, c.Description))
            .Append(($"{MessageEscape}text", "send a message that starts with /")));
    }

    /// <summary>A line that starts with this is a message, not a command: its first slash is dropped.</summary>
    public const string MessageEscape = "//";

    /// <summary>The reply to <c>/help</c>, built from the table so that it lists every command, and last the escape.</summary>
    public EncodedLine HelpText { get; }

    /// <summary>Every command PROTOCOL.md §3 defines, in the order <c>/help</c> lists them.</summary>
    public static CommandTable CreateDefault() => new(
    [
        new HelpCommand(),
        new ListCommand(),
        new WhoCommand(),
        new RoomsCommand(),
        new JoinCommand(),
        new MsgCommand(),
        new MeCommand(),
        new QuitCommand(),
    ]);

    /// <summary>
    /// The command a cleaned, non-empty <paramref name="line"/> asks for: a command word, an
    /// unknown one (whose argument is the word as typed), or, for a line not starting with
    /// '/', a message to the user's room (whose argument is the whole line). A line starting
    /// with <see cref="MessageEscape"/> is a message too, less its first slash: "//etc is full"
    /// says "/etc is full", as on IRC and Slack.
    /// </summary>
    public IChatCommand Resolve(ReadOnlySpan<char> line, out ReadOnlySpan<char> arguments)
    {
        if (line[0] != '/' || line.StartsWith(MessageEscape))
        {
            arguments = line[0] == '/' ? line[1..] : line;
            return Say;
        }
        ReadOnlySpan<char> word = SplitWord(line, out arguments);
        if (_byName.TryGetValue(word, out IChatCommand? command))
        {
            return command;
        }
        arguments = word;
        return Unknown;
    }

    /// <summary>Splits off the first whitespace-separated word; the rest comes back trimmed.</summary>
    public static ReadOnlySpan<char> SplitWord(ReadOnlySpan<char> text, out ReadOnlySpan<char> rest)
    {
        int end = 0;
        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }
        rest = text[end..].Trim();
        return text[..end];
    }
}
