using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Chat.Core.Events;
using Chat.Core.History;

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
    private readonly NameIndex<ChatUser> _users = new();
    private readonly NameIndex<ChatRoom> _rooms = new();
    private readonly int _historySize;
    private readonly IHistoryStore _store;
    private readonly ConcurrentQueue<PendingChange> _changes = new();
    private int _changesQueued;
    private long _lastMessageId;

    /// <param name="store">Where the rooms' messages are written behind and found again; none by default.</param>
    public ChatDirectory(int historySize, IHistoryStore? store = null)
    {
        _historySize = historySize;
        _store = store ?? new MemoryHistoryStore();
        Lobby = CreateRoom(LobbyName, NameSkeleton.Of(LobbyName));
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

    /// <summary>Registers <paramref name="user"/> and puts it in the lobby; false if its name is taken (<see cref="NameIndex{T}"/>).</summary>
    /// <remarks>
    /// Never blocks on another login or departure. They queue, and the caller that finds the
    /// queue empty applies them in order, batch after batch, until it is empty again; the
    /// others' tasks complete when theirs is done. A batch of logins walks the lobby once (see
    /// <see cref="ChatRoom.Add"/>), a batch of departures each room once, so the harder a storm
    /// the bigger the batches; and no thread-pool thread waits on the lock meanwhile, so the
    /// ones that would have are free to read the next names and send. Single-threaded, the
    /// task is already complete on return.
    /// </remarks>
    public Task<bool> TryAddAsync(ChatUser user) => TryAddAsync(user, enterLobby: true);

    /// <summary>
    /// Registers <paramref name="user"/>, in the lobby or, for a door whose users join their
    /// rooms themselves (IRC), in no room; false if its name is taken.
    /// </summary>
    public Task<bool> TryAddAsync(ChatUser user, bool enterLobby) =>
        Apply(new PendingChange(user, Joining: true, Reason: null, enterLobby));

    /// <summary>
    /// Takes <paramref name="user"/> off line; each of its rooms is told why it left, or
    /// nothing when <paramref name="reason"/> is null (at shutdown).
    /// </summary>
    public Task RemoveAsync(ChatUser user, LeaveReason? reason) => Apply(new PendingChange(user, Joining: false, reason, EnterLobby: false));

    /// <summary>
    /// Moves <paramref name="user"/> from its room to the room named <paramref name="roomName"/>
    /// or looking like it (the line door's one-room way), creating it with that spelling if
    /// there is none; returns the room it is now in, or null if it already was.
    /// </summary>
    public ChatRoom? Move(ChatUser user, string roomName) => Enter(user, roomName, leavingTheRest: true);

    /// <summary>
    /// Puts <paramref name="user"/> in the room named <paramref name="roomName"/> as well as the
    /// rooms it is in, creating it if needed; returns the room, or null if it was already there.
    /// </summary>
    public ChatRoom? Join(ChatUser user, string roomName) => Enter(user, roomName, leavingTheRest: false);

    /// <summary>Takes <paramref name="user"/> out of <paramref name="room"/> only; false if it was not there.</summary>
    public bool Part(ChatUser user, ChatRoom room)
    {
        lock (_gate)
        {
            if (!user.IsIn(room))
            {
                return false;
            }
            LeaveRoom(room, [new RoomLeave(user, new MemberLeft(room.Name, user.Name, LeaveReason.Parted))]);
            return true;
        }
    }

    /// <summary>A new id for a room message, unique among this server's.</summary>
    public long NextMessageId() => Interlocked.Increment(ref _lastMessageId);

    /// <summary>The online user named <paramref name="name"/> ignoring case, else the one whose name looks like it.</summary>
    public ChatUser? FindUser(string name)
    {
        string skeleton = NameSkeleton.Of(name);
        lock (_gate)
        {
            return _users.Find(name, skeleton);
        }
    }

    /// <summary>The room named <paramref name="name"/> ignoring case, else the one whose name looks like it.</summary>
    public ChatRoom? FindRoom(string name)
    {
        string skeleton = NameSkeleton.Of(name);
        lock (_gate)
        {
            return _rooms.Find(name, skeleton);
        }
    }

    /// <summary>Every online name, sorted ignoring case.</summary>
    public List<string> UserNames()
    {
        lock (_gate)
        {
            return Sorted(_users.Names);
        }
    }

    /// <summary>Every online name with the names of its rooms (a line user has one), sorted by name ignoring case.</summary>
    /// <remarks>A user's rooms change only under this lock, so each pair is one moment's truth.</remarks>
    public List<(string Name, string Room)> UsersWithRooms()
    {
        lock (_gate)
        {
            var users = _users.Values.Select(u => (u.Name, Room: string.Join(", ", u.Rooms.Select(r => r.Name)))).ToList();
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
                result = _users.TryAdd(user.Name, user.Skeleton, user);
                if (result && change.EnterLobby)
                {
                    user.Entered(Lobby);
                    joins.Add(new RoomJoin(user, new MemberJoined(Lobby.Name, user.Name, Login: true)));
                }
            }
            else
            {
                JoinAll(joins);
                result = _users.Remove(user.Name, user.Skeleton, user);
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
        var byRoom = new Dictionary<ChatRoom, List<RoomLeave>>(ReferenceEqualityComparer.Instance);
        foreach (PendingChange leave in leaves)
        {
            ChatUser user = leave.User;
            foreach (ChatRoom room in user.Rooms)
            {
                MemberLeft? told = leave.Reason is { } reason ? new MemberLeft(room.Name, user.Name, reason) : null;
                if (!byRoom.TryGetValue(room, out List<RoomLeave>? roomLeaves))
                {
                    byRoom.Add(room, roomLeaves = []);
                }
                roomLeaves.Add(new RoomLeave(user, told));
            }
        }
        foreach ((ChatRoom room, List<RoomLeave> roomLeaves) in byRoom)
        {
            LeaveRoom(room, CollectionsMarshal.AsSpan(roomLeaves));
        }
        leaves.Clear();
    }

    private ChatRoom? Enter(ChatUser user, string roomName, bool leavingTheRest)
    {
        string skeleton = NameSkeleton.Of(roomName);
        lock (_gate)
        {
            ChatRoom room = GetOrCreateRoom(roomName, skeleton);
            if (user.IsIn(room))
            {
                return null;
            }
            if (leavingTheRest)
            {
                foreach (ChatRoom from in user.Rooms)
                {
                    LeaveRoom(from, [new RoomLeave(user, new MemberLeft(from.Name, user.Name, LeaveReason.Moved, room.Name))]);
                }
            }
            EnterRoom(room, user);
            return room;
        }
    }

    private ChatRoom GetOrCreateRoom(string name, string skeleton)
    {
        return _rooms.Find(name, skeleton) ?? CreateRoom(name, skeleton);
    }

    /// <summary>
    /// Creates and lists the room, none of whose names is taken, with its stored history, under
    /// the room's name in that history unless another room now has it. Reads the store under
    /// the lock, so a room is loaded once; creating a room is rare next to logins, and with
    /// SQLite's WAL the read waits for no writer.
    /// </summary>
    private ChatRoom CreateRoom(string name, string skeleton)
    {
        // At least one message, for the room's last name even when it replays none.
        RoomTail tail = _store.LoadRoom(skeleton, Math.Max(_historySize, 1));
        if (tail.Messages is [.., var last] && _rooms.Find(last.Room, skeleton) is null)
        {
            name = last.Room;
        }
        var room = new ChatRoom(name, skeleton, _historySize, _store, tail);
        _rooms.TryAdd(name, skeleton, room);
        return room;
    }

    private static void EnterRoom(ChatRoom room, ChatUser user)
    {
        user.Entered(room);
        room.Add([new RoomJoin(user, new MemberJoined(room.Name, user.Name, Login: false))]);
    }

    private void LeaveRoom(ChatRoom room, ReadOnlySpan<RoomLeave> leaves)
    {
        foreach (RoomLeave leave in leaves)
        {
            leave.User.Left(room);
        }
        if (room.Remove(leaves) == 0 && !ReferenceEquals(room, Lobby))
        {
            _rooms.Remove(room.Name, room.Skeleton, room);
        }
    }

    /// <summary>A login or a departure waiting its turn.</summary>
    private sealed record PendingChange(ChatUser User, bool Joining, LeaveReason? Reason, bool EnterLobby)
    {
        /// <summary>Completed once applied: for a login, true if the user is in, false if its name was taken.</summary>
        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
