using Chat.Core.Model;
using Chat.Core.Protocol;
using Chat.Tests.Support;
using CsCheck;

namespace Chat.Tests.Properties;

/// <summary>
/// Names and rooms over random Unicode text: which are valid, which collide ignoring case or by
/// look, and the order lists come in, against <see cref="NameModel"/>.
/// </summary>
public sealed class NameProperties
{
    [Fact]
    public void Name_validation_agrees_with_the_model()
    {
        int valid = 0, longest = 0, oneTooLong = 0, normalized = 0;
        NameModel.Text.Sample(typed =>
        {
            bool accepted = NameRules.TryNormalize(typed, out string name);
            string? expected = NameModel.Normalize(typed);
            Assert.Equal(expected is not null, accepted);
            Assert.Equal(expected ?? "", name);
            // Count what the generator reached: a property that only ever sees invalid text proves little.
            if (expected is not null)
            {
                Interlocked.Increment(ref valid);
                if (expected.EnumerateRunes().Count() == 20)
                {
                    Interlocked.Increment(ref longest);
                }
                if (expected != typed)
                {
                    Interlocked.Increment(ref normalized);
                }
            }
            else if (typed.Length > 0 && NameModel.Normalize(typed[..^1]) is { } shorter && shorter.EnumerateRunes().Count() == 20)
            {
                Interlocked.Increment(ref oneTooLong);
            }
        }, iter: 10_000, print: Show);
        Assert.InRange(valid, 1_000, 9_000);
        Assert.True(longest > 10, $"only {longest} names of exactly 20 runes");
        Assert.True(oneTooLong > 10, $"only {oneTooLong} names one rune too long");
        Assert.True(normalized > 50, $"only {normalized} names that NFC changed");
    }

    /// <summary>One step on the directory: a login, a logout or a room change, by names from a small pool.</summary>
    private readonly record struct Step(int Kind, int User, int Pool, int Spelling);

    [Fact]
    public void Logins_logouts_and_room_changes_agree_with_a_model_of_names_and_rooms()
    {
        Gen<Step> step = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 30], Gen.Int[0, 7], Gen.Int[0, NameModel.Spellings - 1])
            .Select((kind, user, pool, spelling) => new Step(kind, user, pool, spelling));
        int refusedByLook = 0;
        Gen.Select(NameModel.Text.Array[8], step.Array[1, 60])
            .Sample((pool, steps) =>
            {
                var directory = new ChatDirectory(historySize: 0);
                var model = new DirectoryModel();
                var online = new List<ChatUser>();
                foreach (Step s in steps)
                {
                    string typed = NameModel.Spell(pool[s.Pool], s.Spelling);
                    bool valid = NameRules.TryNormalize(typed, out string name);
                    Assert.Equal(NameModel.Normalize(typed), valid ? name : null);
                    switch (s.Kind)
                    {
                        case <= 2 when valid: // logins are the likeliest step
                            var user = new ChatUser(name, LineDoor.Renderer, new Outbox(1 << 20));
                            Task<bool> adding = directory.TryAddAsync(user);
                            Assert.True(adding.IsCompleted); // one thread: it added its own login
                            bool added = adding.Result;
                            Assert.Equal(model.TryLogin(name), added);
                            if (!added && !online.Any(u => NameModel.Comparer.Equals(u.Name, name)))
                            {
                                Interlocked.Increment(ref refusedByLook);
                            }
                            if (added)
                            {
                                online.Add(user);
                            }
                            break;
                        case 3 when online.Count > 0:
                            ChatUser leaving = online[s.User % online.Count];
                            online.Remove(leaving);
                            Assert.True(directory.RemoveAsync(leaving, null).IsCompleted);
                            model.Logout(leaving.Name);
                            break;
                        case >= 4 when valid && online.Count > 0:
                            ChatUser moving = online[s.User % online.Count];
                            ChatRoom? to = directory.Move(moving, name);
                            string? expected = model.Move(moving.Name, name);
                            Assert.Equal(expected, to?.Name);
                            break;
                    }
                    model.AssertMatches(directory, online);
                }
            }, iter: 1_000, print: t => $"pool [{string.Join(", ", t.Item1.Select(Show))}], steps [{string.Join(", ", t.Item2)}]");
        // A property that never meets a look-alike of an online name proves nothing about them.
        Assert.True(refusedByLook > 100, $"only {refusedByLook} logins refused as look-alikes");
    }

    /// <summary>Who is online and in which room, by the protocol's sentences.</summary>
    private sealed class DirectoryModel
    {
        private readonly List<string> _users = [];
        private readonly Dictionary<string, string> _roomOf = new(NameModel.Comparer);

        // Room spellings, as created, in no particular order; the lobby always exists.
        private readonly List<string> _rooms = ["lobby"];

        public bool TryLogin(string name)
        {
            if (_users.Any(u => NameModel.SameName(u, name)))
            {
                return false;
            }
            _users.Add(name);
            _roomOf[name] = "lobby";
            return true;
        }

        public void Logout(string name)
        {
            string room = _roomOf[name];
            _users.Remove(name);
            _roomOf.Remove(name);
            DropIfEmpty(room);
        }

        /// <summary>The room's spelling after the move, or null when the user was already there.</summary>
        public string? Move(string name, string roomName)
        {
            string from = _roomOf[name];
            string? existing = NameModel.Find(_rooms, r => r, roomName);
            if (existing is not null && NameModel.Comparer.Equals(existing, from))
            {
                return null;
            }
            if (existing is null)
            {
                _rooms.Add(roomName);
            }
            _roomOf[name] = existing ?? roomName;
            DropIfEmpty(from);
            return existing ?? roomName;
        }

        public void AssertMatches(ChatDirectory directory, List<ChatUser> online)
        {
            List<string> names = directory.UserNames();
            Assert.Equal(_users.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
            Assert.True(NameModel.IsSorted(names), $"not sorted: {string.Join(", ", names)}");
            List<(string Name, string Room)> users = directory.UsersWithRooms();
            Assert.Equal(names, users.Select(u => u.Name));
            Assert.All(users, u => Assert.Equal(_roomOf[u.Name], u.Room));
            Assert.Equal(
                $"Online users: {string.Join(", ", users.Select(u => $"{u.Name} ({u.Room})"))}\n",
                ServerText.OnlineUsers(users).ToString());

            var rooms = directory.RoomList();
            var expected = _rooms.Select(r => (r, _roomOf.Values.Count(v => v == r))).ToList();
            Assert.Equal(expected.Order(), rooms.Order());
            Assert.True(NameModel.IsSorted(rooms.Select(r => r.Name).ToList()), $"rooms not sorted: {string.Join(", ", rooms)}");
            Assert.Equal(_users.Count, directory.UserCount);
            Assert.Equal(_rooms.Count, directory.RoomCount);

            foreach (ChatUser user in online)
            {
                Assert.Same(user, directory.FindUser(user.Name));
                Assert.Equal(_roomOf[user.Name], user.Rooms[0].Name);
                // Another case (not always the same name: ſ is not S) and a look-alike, as /msg would look them up.
                foreach (int spelling in (int[])[1, 7])
                {
                    if (NameRules.TryNormalize(NameModel.Spell(user.Name, spelling), out string probe))
                    {
                        Assert.Equal(NameModel.Find(_users, u => u, probe), directory.FindUser(probe)?.Name);
                    }
                }
            }
        }

        private void DropIfEmpty(string room)
        {
            if (room != "lobby" && !_roomOf.Values.Contains(room))
            {
                _rooms.Remove(room);
            }
        }
    }

    private static string Show(string text) =>
        "\"" + string.Concat(text.Select(c => c is >= ' ' and < '\u007F' ? c.ToString() : $"\\u{(int)c:X4}")) + "\"";
}
