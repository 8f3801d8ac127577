using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Chat.Core.Protocol;

namespace Chat.Core.Model;

/// <summary>
/// Who is online and which rooms exist. Logins, room changes and departures take one lock,
/// so names stay unique and a room is dropped exactly when its last member leaves; they are
/// rare next to messages, which take only their room's lock. Logins and departures queue and
/// are applied in batches (<see cref="TryAddAsync"/>), so thousands at once never keep
/// threads waiting on that lock.
/// </summary>
public sealed class ChatDirectory
{
    public const string LobbyName = "lobby";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ChatUser> _users = new(NameRules.Comparer);
    private readonly Dictionary<string, ChatRoom> _rooms = new(NameRules.Comparer);
    private readonly int _historySize;
    private readonly ConcurrentQueue<PendingChange> _changes = new();
    private int _changesQueued;

    public ChatDirectory(int historySize)
    {
        _historySize = historySize;
        Lobby = new ChatRoom(LobbyName, historySize);
        _rooms.Add(LobbyName, Lobby);
    }

    /// <summary>The room every user starts in; it always exists.</summary>
    public ChatRoom Lobby { get; }

    public int UserCount
    {
        get { lock (_gate) { return _users.Count; } }
    }

    public int RoomCount
    {
        get { lock (_gate) { return _rooms.Count; } }
    }

    /// <summary>Registers <paramref name="user"/> and puts it in the lobby; false if its name is taken.</summary>
    /// <remarks>
    /// Never blocks on another login or departure. They queue, and the caller that finds the
    /// queue empty applies them in order, batch after batch, until it is empty again; the
    /// others' tasks complete when theirs is done. A batch of logins walks the lobby once (see
    /// <see cref="ChatRoom.Add"/>), a batch of departures each room once, so the harder a storm
    /// the bigger the batches; and no thread-pool thread waits on the lock meanwhile, so the
    /// ones that would have are free to read the next names and send. Single-threaded, the
    /// task is already complete on return.
    /// </remarks>
    public Task<bool> TryAddAsync(ChatUser user) => Apply(new PendingChange(user, Joining: true, Notice: null));

    /// <summary>Takes <paramref name="user"/> off line; its room hears <paramref name="notice"/> if given.</summary>
    public Task RemoveAsync(ChatUser user, EncodedLine? notice) => Apply(new PendingChange(user, Joining: false, notice));

    /// <summary>
    /// Moves <paramref name="user"/> to the room named <paramref name="roomName"/>, creating it
    /// with that spelling if needed; returns the room it is now in, or null if it already was.
    /// </summary>
    public ChatRoom? Move(ChatUser user, string roomName)
    {
        lock (_gate)
        {
            if (_rooms.TryGetValue(roomName, out ChatRoom? room) && ReferenceEquals(room, user.Room))
            {
                return null;
            }
            room ??= new ChatRoom(roomName, _historySize);
            _rooms.TryAdd(room.Name, room);
            LeaveRoom(user.Room, [(user, ServerText.LeftTo(user.Name, room.Name))]);
            user.Room = room;
            room.Add([new RoomJoin(user, ServerText.JoinedRoom(room.Name), ServerText.Joined(user.Name, room.Name))]);
            return room;
        }
    }

    public ChatUser? FindUser(string name)
    {
        lock (_gate)
        {
            return _users.GetValueOrDefault(name);
        }
    }

    /// <summary>Every online name, sorted ignoring case.</summary>
    public List<string> UserNames()
    {
        lock (_gate)
        {
            return Sorted(_users.Keys);
        }
    }

    /// <summary>Every online name with the name of its room, sorted by name ignoring case.</summary>
    /// <remarks>A user's room changes only under this lock, so each pair is one moment's truth.</remarks>
    public List<(string Name, string Room)> UsersWithRooms()
    {
        lock (_gate)
        {
            var users = _users.Values.Select(u => (u.Name, Room: u.Room.Name)).ToList();
            users.Sort((a, b) => NameRules.Comparer.Compare(a.Name, b.Name));
            return users;
        }
    }

    /// <summary>Every room with its member count, sorted ignoring case.</summary>
    public List<(string Name, int Users)> RoomList()
    {
        lock (_gate)
        {
            var rooms = _rooms.Values.Select(r => (r.Name, r.MemberCount)).ToList();
            rooms.Sort((a, b) => NameRules.Comparer.Compare(a.Name, b.Name));
            return rooms;
        }
    }

    /// <summary>Names sorted the protocol's way: ordinal, ignoring case.</summary>
    public static List<string> Sorted(IEnumerable<string> names)
    {
        var list = names.ToList();
        list.Sort(NameRules.Comparer);
        return list;
    }

    private Task<bool> Apply(PendingChange change)
    {
        _changes.Enqueue(change);
        if (Interlocked.Increment(ref _changesQueued) == 1)
        {
            int applied;
            do
            {
                lock (_gate)
                {
                    // Only changes already counted: one queued but not yet counted is its
                    // caller's to count, and taking it early would leave this loop spinning
                    // until that caller's increment lands.
                    applied = ApplyPendingChanges(Volatile.Read(ref _changesQueued));
                }
            }
            while (Interlocked.Add(ref _changesQueued, -applied) != 0);
        }
        return change.Done.Task;
    }

    /// <summary>Applies up to <paramref name="count"/> queued changes in order, each run of logins or departures as one batch.</summary>
    private int ApplyPendingChanges(int count)
    {
        var done = new List<(PendingChange Change, bool Result)>(count);
        var joins = new List<RoomJoin>();
        var leaves = new List<PendingChange>();
        while (done.Count < count && _changes.TryDequeue(out PendingChange? change))
        {
            ChatUser user = change.User;
            bool result;
            if (change.Joining)
            {
                LeaveAll(leaves);
                result = _users.TryAdd(user.Name, user);
                if (result)
                {
                    user.Room = Lobby;
                    joins.Add(new RoomJoin(user, ServerText.Hello(user.Name), ServerText.Joined(user.Name, Lobby.Name)));
                }
            }
            else
            {
                JoinAll(joins);
                result = _users.Remove(user.Name);
                if (result)
                {
                    leaves.Add(change);
                }
            }
            done.Add((change, result));
        }
        JoinAll(joins);
        LeaveAll(leaves);
        foreach ((PendingChange change, bool result) in done)
        {
            change.Done.SetResult(result);
        }
        return done.Count;
    }

    private void JoinAll(List<RoomJoin> joins)
    {
        if (joins.Count > 0)
        {
            Lobby.Add(CollectionsMarshal.AsSpan(joins));
            joins.Clear();
        }
    }

    private void LeaveAll(List<PendingChange> leaves)
    {
        foreach (IGrouping<ChatRoom, PendingChange> room in leaves.GroupBy(l => l.User.Room))
        {
            LeaveRoom(room.Key, room.Select(l => (l.User, l.Notice)).ToArray());
        }
        leaves.Clear();
    }

    private void LeaveRoom(ChatRoom room, ReadOnlySpan<(ChatUser User, EncodedLine? Notice)> leaves)
    {
        if (room.Remove(leaves) == 0 && !ReferenceEquals(room, Lobby))
        {
            _rooms.Remove(room.Name);
        }
    }

    /// <summary>A login or a departure waiting its turn.</summary>
    private sealed record PendingChange(ChatUser User, bool Joining, EncodedLine? Notice)
    {
        /// <summary>Completed once applied: for a login, true if the user is in, false if its name was taken.</summary>
        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
