using System.Runtime.InteropServices;
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

    internal ChatRoom(string name, string skeleton, int historySize)
    {
        Name = name;
        Skeleton = skeleton;
        _history = new RoomHistory(historySize);
    }

    /// <summary>The name as spelled by whoever created the room.</summary>
    public string Name { get; }

    /// <summary>What the name looks like (<see cref="NameSkeleton"/>).</summary>
    internal string Skeleton { get; }

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
    /// Adds <paramref name="joins"/> in order, as if one after another: each newcomer first
    /// receives its greeting and the history, then the notices of those after it; the members
    /// already there receive every notice, all in one visit each, which is what makes a login
    /// storm affordable (a room of N hears N(N-1)/2 notices, and a visit is a few cache misses).
    /// </summary>
    internal void Add(ReadOnlySpan<RoomJoin> joins)
    {
        var notices = new EncodedLine[joins.Length];
        for (int i = 0; i < joins.Length; i++)
        {
            notices[i] = joins[i].Notice;
        }
        lock (_gate)
        {
            foreach (ChatUser member in _members)
            {
                member.Send(notices);
            }
            for (int i = 0; i < joins.Length; i++)
            {
                ChatUser user = joins[i].User;
                user.Send(joins[i].Greeting);
                if (_history.Count > 0)
                {
                    user.Send(ServerText.HistoryStart);
                    _history.ReplayTo(user);
                    user.Send(ServerText.HistoryEnd);
                }
                user.Send(notices.AsSpan(i + 1));
                _members.Add(user);
            }
        }
    }

    /// <summary>
    /// Removes the leaving users and tells those who stay, in one visit each, every notice
    /// given (as if they had left one after another; a leaver hears of no other). Returns how
    /// many members are left.
    /// </summary>
    internal int Remove(ReadOnlySpan<(ChatUser User, EncodedLine? Notice)> leaves)
    {
        var notices = new List<EncodedLine>(leaves.Length);
        var leaving = new HashSet<ChatUser>(leaves.Length, ReferenceEqualityComparer.Instance);
        foreach ((ChatUser user, EncodedLine? notice) in leaves)
        {
            leaving.Add(user);
            if (notice is { } line)
            {
                notices.Add(line);
            }
        }
        lock (_gate)
        {
            _members.RemoveAll(leaving.Contains);
            foreach (ChatUser member in _members)
            {
                member.Send(CollectionsMarshal.AsSpan(notices));
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
