namespace Chat.Core.Protocol;

/// <summary>
/// Every line the server says in its own words, worded as PROTOCOL.md has them. Constant
/// lines are encoded once; the rest are built here so that all wording lives in one file.
/// </summary>
public static class ServerText
{
    public static readonly EncodedLine Welcome = EncodedLine.FromText("Welcome! Enter your name: ");
    public static readonly EncodedLine NamePrompt = EncodedLine.FromText("Enter your name: ");
    public static readonly EncodedLine EmptyName = EncodedLine.FromText("Name cannot be empty.\n");
    public static readonly EncodedLine InvalidName = EncodedLine.FromText("Invalid name. Use 1-20 letters, digits, '_' or '-'.\n");
    public static readonly EncodedLine NameTaken = EncodedLine.FromText("Name already taken.\n");
    public static readonly EncodedLine TooManyAttempts = EncodedLine.FromText("Too many attempts. Goodbye!\n");
    public static readonly EncodedLine TimedOut = EncodedLine.FromText("Timed out.\n");
    public static readonly EncodedLine ServerFull = EncodedLine.FromText("Server is full. Try again later.\n");
    public static readonly EncodedLine TooManyFromAddress = EncodedLine.FromText("Too many connections from your address.\n");
    public static readonly EncodedLine NotHttp = EncodedLine.FromText("This is a chat server, not a web server: connect with telnet or nc.\n");
    public static readonly EncodedLine ShuttingDown = EncodedLine.FromText("*** Server is shutting down ***\n");
    public static readonly EncodedLine Goodbye = EncodedLine.FromText("Goodbye!\n");
    public static readonly EncodedLine RateLimited = EncodedLine.FromText("Rate limit exceeded. Slow down.\n");
    public static readonly EncodedLine HistoryStart = EncodedLine.FromText("=== Recent messages ===\n");
    public static readonly EncodedLine HistoryEnd = EncodedLine.FromText("=== End of history ===\n");
    public static readonly EncodedLine JoinUsage = EncodedLine.FromText("Usage: /join <room>\n");
    public static readonly EncodedLine InvalidRoom = EncodedLine.FromText("Invalid room name. Use 1-20 letters, digits, '_' or '-'.\n");
    public static readonly EncodedLine MsgUsage = EncodedLine.FromText("Usage: /msg <user> <message>\n");
    public static readonly EncodedLine MeUsage = EncodedLine.FromText("Usage: /me <action>\n");

    /// <summary>Names and rooms listed at most; the rest are counted, so a reply stays small.</summary>
    public const int ListLimit = 100;

    public static EncodedLine TooLong(int maxMessageLength) => Line($"Message too long (max {maxMessageLength} characters).");

    public static EncodedLine Hello(string name) => Line($"Hello, {name}! You can start chatting. Type /help for commands.");

    public static EncodedLine Joined(string name, string room) => Line($"*** {name} joined {room} ***");

    public static EncodedLine LeftTo(string name, string room) => Line($"*** {name} left to {room} ***");

    public static EncodedLine LeftChat(string name) => Line($"*** {name} left the chat ***");

    public static EncodedLine LeftRoom(string name, string room) => Line($"*** {name} left {room} ***");

    public static EncodedLine LeftTooSlow(string name) => Line($"*** {name} left the chat (too slow) ***");

    public static EncodedLine JoinedRoom(string room) => Line($"Joined room: {room}");

    public static EncodedLine AlreadyIn(string room) => Line($"You are already in {room}.");

    public static EncodedLine UserNotFound(ReadOnlySpan<char> name) => Line($"User {name} not found.");

    public static EncodedLine UnknownCommand(ReadOnlySpan<char> word) => Line($"Unknown command: {word}. Type /help for help.");

    /// <summary><c>Online users: alice (lobby), bob (dev)</c>: each user with its room, users sorted by the caller.</summary>
    public static EncodedLine OnlineUsers(IReadOnlyList<(string Name, string Room)> users) =>
        Line(NameList("Online users: ", users.Select(u => $"{u.Name} ({u.Room})"), users.Count));

    public static EncodedLine UsersIn(string room, IReadOnlyList<string> names) => Line(NameList($"Users in {room}: ", names, names.Count));

    /// <summary><c>Rooms:</c>, then <c>  name (N users)</c> a line, rooms sorted by the caller.</summary>
    public static EncodedLine Rooms(IReadOnlyList<(string Name, int Users)> rooms)
    {
        var text = new System.Text.StringBuilder("Rooms:\n");
        foreach (var (name, users) in rooms.Take(ListLimit))
        {
            text.Append("  ").Append(name).Append(" (").Append(users).Append(users == 1 ? " user)\n" : " users)\n");
        }
        if (rooms.Count > ListLimit)
        {
            text.Append("  and ").Append(rooms.Count - ListLimit).Append(" more\n");
        }
        return EncodedLine.FromText(text.ToString());
    }

    /// <summary><c>Commands:</c>, then one <c>  usage - what it does</c> line per entry.</summary>
    public static EncodedLine Help(IEnumerable<(string Usage, string Description)> commands) =>
        EncodedLine.FromText("Commands:\n" + string.Concat(commands.Select(c => $"  {c.Usage} - {c.Description}\n")));

    private static string NameList(string prefix, IEnumerable<string> names, int count)
    {
        string shown = prefix + string.Join(", ", names.Take(ListLimit));
        return count > ListLimit ? $"{shown} and {count - ListLimit} more" : shown;
    }

    private static EncodedLine Line(string text) => EncodedLine.FromText(text + "\n");
}
