using Chat.Core.Protocol;

namespace Chat.Core.Model;

/// <summary>
/// A room: its members and its history. Every line to the room is handed to every member
/// under the room's lock, so all members receive the room's lines in one and the same order
/// (PROTOCOL.md §2); handing over never waits (see <see cref="Outbox"/>), so the lock is short.
/// </summary>
public sealed class ChatRoom
{
    private readonly List<ChatUser> _members = [];
    private readonly RoomHistory _history;
    private readonly Lock _gate = new();

    internal ChatRoom(string name, int historySize)
    {
        Name = name;
        _history = new RoomHistory(historySize);
    }

    /// <summary>The name as spelled by whoever created the room.</summary>
    public string Name { get; }

    public int MemberCount
    {
        get { lock (_gate) { return _members.Count; } }
    }

    /// <summary>A message or <c>/me</c> line: to every member but its sender, and into history.</summary>
    public void Post(EncodedLine line, ChatUser sender)
    {
        lock (_gate)
        {
            _history.Add(line);
            SendToAllBut(line, sender);
        }
    }

    public string[] MemberNames()
    {
        lock (_gate)
        {
            return _members.Select(m => m.Name).ToArray();
        }
    }

    /// <summary>
    /// Adds <paramref name="user"/>: it first receives <paramref name="greeting"/> and the
    /// history, the others <paramref name="notice"/>; then it receives what the room says next.
    /// </summary>
    internal void Add(ChatUser user, EncodedLine greeting, EncodedLine notice)
    {
        lock (_gate)
        {
            user.Send(greeting);
            if (_history.Count > 0)
            {
                user.Send(ServerText.HistoryStart);
                _history.ReplayTo(user);
                user.Send(ServerText.HistoryEnd);
            }
            SendToAllBut(notice, user);
            _members.Add(user);
        }
    }

    /// <summary>Removes <paramref name="user"/> and tells the rest with <paramref name="notice"/>, if any.</summary>
    internal int Remove(ChatUser user, EncodedLine? notice)
    {
        lock (_gate)
        {
            _members.Remove(user);
            if (notice is { } line)
            {
                SendToAllBut(line, user);
            }
            return _members.Count;
        }
    }

    private void SendToAllBut(EncodedLine line, ChatUser except)
    {
        foreach (ChatUser member in _members)
        {
            if (!ReferenceEquals(member, except))
            {
                member.Send(line);
            }
        }
    }
}
