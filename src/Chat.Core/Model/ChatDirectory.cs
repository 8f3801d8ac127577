using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Chat.Core.Protocol;

namespace Chat.Core.Model;

/// <summary>
/// Who is online and which rooms exist. Logins, room changes and departures take one lock,
/// so names stay unique and a room is dropped exactly when its last member leaves; they are
/// rare next to messages, which take only their room's lock.
/// </summary>
public sealed class ChatDirectory
{
    public const string LobbyName = "lobby";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ChatUser> _users = new(NameRules.Comparer);
    private readonly Dictionary<string, ChatRoom> _rooms = new(NameRules.Comparer);
    private readonly int _historySize;
    private readonly ConcurrentQueue<PendingLogin> _logins = new();
    private int _loginsQueued;

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
    /// Never blocks on another login. Logins queue, and the caller that finds the queue empty
    /// adds them, batch after batch, until it is empty again; the others' tasks complete when
    /// theirs is done. Each batch walks the lobby once (see <see cref="ChatRoom.Add"/>), so the
    /// harder a login storm, the bigger the batches; and no thread-pool thread waits on the
    /// lock meanwhile, so the ones that would have are free to read the next names and send.
    /// Single-threaded, the task is already complete on return.
    /// </remarks>
    public Task<bool> TryAddAsync(ChatUser user)
    {
        var login = new PendingLogin(user);
        _logins.Enqueue(login);
        if (Interlocked.Increment(ref _loginsQueued) == 1)
        {
            int added;
            do
            {
                lock (_gate)
                {
                    added = AddPendingLogins();
                }
            }
            while (Interlocked.Add(ref _loginsQueued, -added) != 0);
        }
        return login.Accepted.Task;
    }

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
            LeaveRoom(user, ServerText.LeftTo(user.Name, room.Name));
            user.Room = room;
            room.Add([new RoomJoin(user, ServerText.JoinedRoom(room.Name), ServerText.Joined(user.Name, room.Name))]);
            return room;
        }
    }

    /// <summary>Takes <paramref name="user"/> off line; its room hears <paramref name="notice"/> if given.</summary>
    public void Remove(ChatUser user, EncodedLine? notice)
    {
        lock (_gate)
        {
            if (_users.Remove(user.Name))
            {
                LeaveRoom(user, notice);
            }
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

    /// <summary>Adds every queued login; returns how many it took off the queue.</summary>
    private int AddPendingLogins()
    {
        var logins = new List<(PendingLogin Login, bool Accepted)>();
        var joins = new List<RoomJoin>();
        while (_logins.TryDequeue(out PendingLogin? login))
        {
            ChatUser user = login.User;
            bool accepted = _users.TryAdd(user.Name, user);
            if (accepted)
            {
                user.Room = Lobby;
                joins.Add(new RoomJoin(user, ServerText.Hello(user.Name), ServerText.Joined(user.Name, Lobby.Name)));
            }
            logins.Add((login, accepted));
        }
        Lobby.Add(CollectionsMarshal.AsSpan(joins));
        foreach ((PendingLogin login, bool accepted) in logins)
        {
            login.Accepted.SetResult(accepted);
        }
        return logins.Count;
    }

    private void LeaveRoom(ChatUser user, EncodedLine? notice)
    {
        ChatRoom room = user.Room;
        if (room.Remove(user, notice) == 0 && !ReferenceEquals(room, Lobby))
        {
            _rooms.Remove(room.Name);
        }
    }

    /// <summary>A login waiting its turn.</summary>
    private sealed class PendingLogin(ChatUser user)
    {
        public ChatUser User { get; } = user;

        /// <summary>Completed once the user is in the lobby (true) or its name was taken (false).</summary>
        public TaskCompletionSource<bool> Accepted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
