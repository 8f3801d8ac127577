using System.Globalization;
using Chat.Core.Model;
using Chat.Core.Protocol;

namespace Chat.Client.Net;

/// <summary>
/// What the client needs to recognise in the server's lines, taken from Chat.Core's own
/// <see cref="ServerText"/> and <see cref="LineFormatter"/> rather than typed out again: a
/// line with a variable part is built with a placeholder and split around it into a
/// <see cref="LineShape"/>. Change the server's wording and the client follows.
/// </summary>
internal static class ServerWording
{
    // A private-use character: it never occurs in the fixed wording around a placeholder.
    private const string Hole = "\uE000";

    /// <summary>The name prompts, which end without LF (PROTOCOL.md §1), as the bytes on the wire.</summary>
    public static readonly byte[][] Prompts = [ServerText.Welcome.Span.ToArray(), ServerText.NamePrompt.Span.ToArray()];

    /// <summary>The reply to <c>/quit</c>, after which the server closes.</summary>
    public static readonly string Goodbye = Text(ServerText.Goodbye);

    public static readonly string HistoryStart = Text(ServerText.HistoryStart);
    public static readonly string HistoryEnd = Text(ServerText.HistoryEnd);

    /// <summary>The room every user starts in.</summary>
    public const string Lobby = ChatDirectory.LobbyName;

    /// <summary><c>Hello, alice! ...</c>: the name was accepted; the hole is the name as registered.</summary>
    public static readonly LineShape Hello = Shape(ServerText.Hello(Hole));

    /// <summary><c>Joined room: dev</c>: the user is now in that room.</summary>
    public static readonly LineShape JoinedRoom = Shape(ServerText.JoinedRoom(Hole));

    public static readonly LineShape PrivateFrom = Shape(LineFormatter.Private("from", Hole, Hole));
    public static readonly LineShape PrivateTo = Shape(LineFormatter.Private("to", Hole, Hole));

    /// <summary><c>*** ... ***</c>, the shape of every notice.</summary>
    public static readonly LineShape Notice = Shape(ServerText.Joined(Hole, Hole));

    /// <summary>Errors with nothing variable in them.</summary>
    public static readonly HashSet<string> FixedErrors =
    [
        Text(ServerText.EmptyName),
        Text(ServerText.InvalidName),
        Text(ServerText.NameTaken),
        Text(ServerText.TooManyAttempts),
        Text(ServerText.TimedOut),
        Text(ServerText.ServerFull),
        Text(ServerText.TooManyFromAddress),
        Text(ServerText.RateLimited),
        Text(ServerText.JoinUsage),
        Text(ServerText.InvalidRoom),
        Text(ServerText.MsgUsage),
        Text(ServerText.MeUsage),
    ];

    /// <summary>Errors with a name, a command word or a number in them.</summary>
    public static readonly LineShape[] ErrorShapes =
    [
        Shape(ServerText.UserNotFound(Hole)),
        Shape(ServerText.UnknownCommand(Hole)),
        Shape(ServerText.AlreadyIn(Hole)),
        Shape(ServerText.TooLong(int.MaxValue), int.MaxValue.ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>The command that ends a session; the server answers <see cref="Goodbye"/> and closes.</summary>
    public const string Quit = "/quit";

    /// <summary>True when <paramref name="line"/> is <c>/quit</c>, in any case, with or without arguments.</summary>
    public static bool IsQuit(string line)
    {
        ReadOnlySpan<char> text = line.AsSpan().Trim();
        int space = text.IndexOfAny(' ', '\t');
        return (space < 0 ? text : text[..space]).Equals(Quit, StringComparison.OrdinalIgnoreCase);
    }

    private static string Text(EncodedLine line) => line.ToString().TrimEnd('\n');

    private static LineShape Shape(EncodedLine line, string variable = Hole)
    {
        string text = Text(line);
        int first = text.IndexOf(variable, StringComparison.Ordinal);
        int last = text.LastIndexOf(variable, StringComparison.Ordinal);
        return new LineShape(text[..first], text[(last + variable.Length)..]);
    }
}

/// <summary>A server line with one variable part: fixed <see cref="Prefix"/>, anything, fixed <see cref="Suffix"/>.</summary>
internal readonly record struct LineShape(string Prefix, string Suffix)
{
    public bool Matches(string line) =>
        line.Length > Prefix.Length + Suffix.Length
        && line.StartsWith(Prefix, StringComparison.Ordinal)
        && line.EndsWith(Suffix, StringComparison.Ordinal);

    /// <summary>The variable part of <paramref name="line"/>, or null when it does not have this shape.</summary>
    public string? Variable(string line) => Matches(line) ? line[Prefix.Length..^Suffix.Length] : null;
}
