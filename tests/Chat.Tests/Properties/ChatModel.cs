using System.Text;

namespace Chat.Tests.Properties;

/// <summary>
/// PROTOCOL.md §1–3 as a plain model: who is online, which rooms exist with which members and
/// history, and, for every connection, the exact lines it should have received so far.
/// </summary>
/// <remarks>
/// It takes each line a client sends in the order the server handles them (the test waits for
/// each step to be handled before the next), and says what every connection receives. Lists are
/// sorted with <see cref="NameModel.Comparer"/>, the protocol's own definition of the order.
/// </remarks>
internal sealed class ChatModel(int historySize, int maxMessageLength, DateTimeOffset clock)
{
    public const string Welcome = "Welcome! Enter your name: ";
    public const string Prompt = "Enter your name: ";

    private readonly List<Room> _rooms = [new Room("lobby")];

    /// <summary>The local time the server reads when it stamps a message.</summary>
    public DateTimeOffset Clock { get; private set; } = clock;

    /// <summary>One connection: what it should have received, and who it is once logged in.</summary>
    public sealed class Client
    {
        public List<string> Expected { get; } = [];

        /// <summary>Text received after the last LF, which the next line is appended to.</summary>
        public string Pending { get; set; } = "";

        public string? Name { get; set; }

        public Room? Room { get; set; }

        public bool Quitting { get; set; }

        public void Receive(string line)
        {
            Expected.Add(Pending + line);
            Pending = "";
        }
    }

    public sealed class Room(string name)
    {
        public string Name { get; } = name;

        public List<Client> Members { get; } = [];

        public Queue<string> History { get; } = new();
    }

    private IEnumerable<Client> Online => _rooms.SelectMany(r => r.Members);

    public void Advance(TimeSpan time) => Clock += time;

    public Client Connect() => new() { Pending = Welcome };

    /// <summary>A line typed at the name prompt; true when it logged the client in.</summary>
    public bool NameLine(Client client, string sent)
    {
        string text = Clean(sent);
        if (text.Length == 0)
        {
            client.Receive("Name cannot be empty.");
            client.Pending = Prompt;
            return false;
        }
        string? name = NameModel.Normalize(text);
        if (name is null || Online.Any(c => NameModel.SameName(c.Name!, name)))
        {
            client.Receive(name is null ? "Invalid name. Use 1-20 letters, digits, '_' or '-'." : "Name already taken.");
            client.Pending = Prompt;
            return false;
        }
        client.Name = name;
        client.Receive($"Hello, {name}! You can start chatting. Type /help for commands.");
        Enter(client, _rooms[0]);
        return true;
    }

    /// <summary>Would <paramref name="typed"/> log a new client in now?</summary>
    public bool WouldLogIn(string typed) =>
        NameModel.Normalize(Clean(typed)) is { } name && !Online.Any(c => NameModel.SameName(c.Name!, name));

    /// <summary>A line from a logged-in client.</summary>
    public void Line(Client client, string sent)
    {
        string text = Clean(sent);
        if (text.Length == 0)
        {
            return;
        }
        if (text[0] != '/')
        {
            if (LengthOk(client, text))
            {
                Post(client, $"{Stamp(Clock)} [{client.Room!.Name}] {client.Name}: {text}");
            }
            return;
        }
        int end = 0;
        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }
        string word = text[..end];
        string arguments = text[end..].Trim();
        // The command word is matched ignoring case, the ordinal way.
        switch (Commands.FirstOrDefault(c => NameModel.Comparer.Equals(c, word)))
        {
            case "/who":
                client.Receive($"Users in {client.Room!.Name}: {string.Join(", ", Sorted(client.Room.Members.Select(m => m.Name!)))}");
                break;
            case "/list":
                client.Receive($"Online users: {string.Join(", ", Online.OrderBy(m => m.Name, NameModel.Comparer).Select(m => $"{m.Name} ({m.Room!.Name})"))}");
                break;
            case "/rooms":
                client.Receive("Rooms:");
                foreach (Room room in _rooms.OrderBy(r => r.Name, NameModel.Comparer))
                {
                    client.Receive($"  {room.Name} ({room.Members.Count} {(room.Members.Count == 1 ? "user" : "users")})");
                }
                break;
            case "/join":
                Join(client, arguments);
                break;
            case "/msg":
                Msg(client, arguments);
                break;
            case "/me":
                if (arguments.Length == 0)
                {
                    client.Receive("Usage: /me <action>");
                }
                else if (LengthOk(client, arguments))
                {
                    Post(client, $"{Stamp(Clock)} [{client.Room!.Name}] * {client.Name} {arguments}");
                }
                break;
            case "/quit":
                client.Receive("Goodbye!");
                client.Quitting = true;
                break;
            default:
                client.Receive($"Unknown command: {word}. Type /help for help.");
                break;
        }
    }

    /// <summary>The client's connection ended (after /quit or not): its room hears it left.</summary>
    public void Disconnected(Client client)
    {
        if (client.Room is not null)
        {
            Leave(client, $"*** {client.Name} left the chat ***");
            client.Room = null;
        }
    }

    private void Join(Client client, string arguments)
    {
        if (arguments.Length == 0)
        {
            client.Receive("Usage: /join <room>");
            return;
        }
        if (NameModel.Normalize(arguments) is not { } name)
        {
            client.Receive("Invalid room name. Use 1-20 letters, digits, '_' or '-'.");
            return;
        }
        Room? to = NameModel.Find(_rooms, r => r.Name, name);
        if (to == client.Room)
        {
            client.Receive($"You are already in {to!.Name}.");
            return;
        }
        if (to is null)
        {
            to = new Room(name);
            _rooms.Add(to);
        }
        Leave(client, $"*** {client.Name} left to {to.Name} ***");
        client.Receive($"Joined room: {to.Name}");
        Enter(client, to);
    }

    private void Msg(Client client, string arguments)
    {
        int end = 0;
        while (end < arguments.Length && !char.IsWhiteSpace(arguments[end]))
        {
            end++;
        }
        string target = arguments[..end];
        string text = arguments[end..].Trim();
        if (target.Length == 0 || text.Length == 0)
        {
            client.Receive("Usage: /msg <user> <message>");
            return;
        }
        string? name = NameModel.Normalize(target);
        Client? to = name is null ? null : NameModel.Find(Online, c => c.Name!, name);
        if (to is null)
        {
            client.Receive($"User {target} not found.");
            return;
        }
        if (LengthOk(client, text))
        {
            client.Receive($"[PM to {to.Name}]: {text}");
            to.Receive($"[PM from {client.Name}]: {text}");
        }
    }

    private void Enter(Client client, Room room)
    {
        if (room.History.Count > 0)
        {
            client.Receive("=== Recent messages ===");
            foreach (string line in room.History)
            {
                client.Receive(line);
            }
            client.Receive("=== End of history ===");
        }
        foreach (Client member in room.Members)
        {
            member.Receive($"*** {client.Name} joined {room.Name} ***");
        }
        room.Members.Add(client);
        client.Room = room;
    }

    private void Leave(Client client, string notice)
    {
        Room room = client.Room!;
        room.Members.Remove(client);
        foreach (Client member in room.Members)
        {
            member.Receive(notice);
        }
        if (room.Members.Count == 0 && room != _rooms[0])
        {
            _rooms.Remove(room); // and its history with it
        }
    }

    private void Post(Client sender, string line)
    {
        Room room = sender.Room!;
        if (historySize > 0)
        {
            room.History.Enqueue(line);
            if (room.History.Count > historySize)
            {
                room.History.Dequeue();
            }
        }
        foreach (Client member in room.Members.Where(m => m != sender))
        {
            member.Receive(line);
        }
    }

    private bool LengthOk(Client client, string text)
    {
        if (text.EnumerateRunes().Count() <= maxMessageLength)
        {
            return true;
        }
        client.Receive($"Message too long (max {maxMessageLength} characters).");
        return false;
    }

    private static readonly string[] Commands = ["/who", "/list", "/rooms", "/join", "/msg", "/me", "/quit"];

    private static string Stamp(DateTimeOffset time) => $"[{time.Hour:D2}:{time.Minute:D2}]";

    private static IEnumerable<string> Sorted(IEnumerable<string> names) => names.Order(NameModel.Comparer);

    private static string Clean(string sent) => WireModel.Clean(Encoding.UTF8.GetBytes(sent));
}
