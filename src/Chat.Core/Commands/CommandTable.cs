using Chat.Core.Protocol;
using Chat.Core.Sessions;

namespace Chat.Core.Commands;

/// <summary>
/// Maps a command word to its handler, ignoring case, without allocating: the lookup takes
/// the word as a span of the received line.
/// </summary>
internal sealed class CommandTable
{
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

    /// <summary>Runs the command <paramref name="line"/> (which starts with '/') for <paramref name="session"/>.</summary>
    public void Dispatch(ChatSession session, ReadOnlySpan<char> line)
    {
        ReadOnlySpan<char> word = SplitWord(line, out ReadOnlySpan<char> arguments);
        bool known = _byName.TryGetValue(word, out IChatCommand? command);
        if ((!known || command!.IsRateLimited) && !session.TryAcceptLine())
        {
            return;
        }
        if (known)
        {
            command!.Execute(session, arguments);
        }
        else
        {
            session.Send(ServerText.UnknownCommand(word));
        }
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
