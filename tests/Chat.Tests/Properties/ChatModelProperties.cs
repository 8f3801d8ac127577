using System.Text;
using Chat.Core;
using CsCheck;
using Chat.Fuzz.Replay;
using Microsoft.Extensions.Time.Testing;

namespace Chat.Tests.Properties;

/// <summary>
/// The real <see cref="ChatServer"/>, driven through in-memory pipes by random sequences of
/// logins, messages, room changes, private messages, queries, quits and dropped connections from
/// several users, against <see cref="ChatModel"/>: after every step each connection has received
/// exactly the lines the model says, in the model's order, and nothing else.
/// </summary>
public sealed class ChatModelProperties
{
    private static readonly DateTimeOffset Start = new(2025, 3, 14, 23, 57, 0, TimeSpan.Zero);

    private enum Kind { Login, TakenLogin, Message, Me, Join, Msg, Query, Quit, Drop, Tick, PromptDrop }

    /// <summary>One step by one user slot; the other fields are read as the kind needs.</summary>
    private readonly record struct Step(Kind Kind, int Slot, int Other, int Spelling, int Word, string Text)
    {
        public override string ToString() => $"{Kind}({Slot},{Other},{Spelling},{Word},{Show(Text)})";
    }

    private sealed record Scenario(string[] Names, string[] Rooms, int HistorySize, int MaxMessageLength, Step[] Steps)
    {
        public override string ToString() =>
            $"names [{string.Join(", ", Names.Select(Show))}], rooms [{string.Join(", ", Rooms.Select(Show))}], " +
            $"history {HistorySize}, max length {MaxMessageLength}, steps [{string.Join(", ", Steps)}]";
    }

    /// <summary>Message text: mostly words, with whitespace to trim, controls to clean, and long runs.</summary>
    private static readonly Gen<string> MessageText = Gen.Frequency(
        (10, Gen.Char['a', 'z'].Select(c => c.ToString())),
        (4, Gen.Const(" ")),
        (2, Gen.Char['0', '9'].Select(c => c.ToString())),
        (2, Gen.OneOf(",", ".", "!", "?", ":", "[", "]", "*", "'", "\"", "é", "中", "😀", "ß", "K")),
        (1, Gen.OneOf("\t", "\u00A0", "\u3000")),
        (1, Gen.OneOf("\u0007", "\u001B[1m", "\u202E", "\u0085", "\u00AD")))
        .Array[0, 16].Select(string.Concat);

    private static readonly Gen<Step> AnyStep = Gen.Select(
        Gen.Frequency(
            (6, Gen.Const(Kind.Login)), (1, Gen.Const(Kind.TakenLogin)), (8, Gen.Const(Kind.Message)),
            (2, Gen.Const(Kind.Me)), (5, Gen.Const(Kind.Join)), (3, Gen.Const(Kind.Msg)), (3, Gen.Const(Kind.Query)),
            (1, Gen.Const(Kind.Quit)), (2, Gen.Const(Kind.Drop)), (1, Gen.Const(Kind.Tick)), (1, Gen.Const(Kind.PromptDrop))),
        Gen.Int[0, 4], Gen.Int[0, 5], Gen.Int[0, NameModel.Spellings - 1], Gen.Int[0, 5], MessageText,
        (kind, slot, other, spelling, word, text) => new Step(kind, slot, other, spelling, word, text));

    private static readonly Gen<Scenario> Scenarios = Gen.Select(
        NameModel.Text.Array[12], NameModel.Text.Array[3], Gen.Int[0, 3], Gen.Int[3, 12], AnyStep.Array[1, 50],
        (names, rooms, history, max, steps) => new Scenario(SlotNames(names), ["lobby", .. rooms], history, max, steps));

    [Fact]
    public async Task Every_users_view_matches_the_model_of_rooms()
    {
        await Scenarios.SampleAsync(RunAsync, iter: 300, print: s => s.ToString());
    }

    private static async Task RunAsync(Scenario scenario)
    {
        var time = new FakeTimeProvider(Start);
        time.SetLocalTimeZone(TimeZoneInfo.Utc);
        var options = new ChatOptions
        {
            HistorySize = scenario.HistorySize,
            MaxMessageLength = scenario.MaxMessageLength,
            RateLimitMessages = 0,
            LoginTimeout = TimeSpan.FromDays(1),
        };
        var log = new FailureLogger();
        var server = new ChatServer(options, time, log);
        var model = new ChatModel(scenario.HistorySize, scenario.MaxMessageLength, Start);
        var users = new User?[scenario.Names.Length];
        var gone = new List<User>();

        foreach (Step step in scenario.Steps)
        {
            int slot = step.Slot % users.Length;
            string name = scenario.Names[slot];
            User? user = users[slot];
            switch (step.Kind)
            {
                case Kind.Login when user is null:
                    user = new User(new PipeConnection(server), model.Connect());
                    string typed = step.Spelling % 2 == 0 ? name : name.Normalize(NormalizationForm.FormD);
                    await user.Connection.SendAsync(typed + "\n");
                    Assert.True(model.NameLine(user.Model, typed));
                    users[slot] = user;
                    break;
                case Kind.TakenLogin when user is not null:
                    string respelled = NameModel.Spell(name, step.Spelling);
                    if (!model.WouldLogIn(respelled))
                    {
                        var rival = new User(new PipeConnection(server), model.Connect());
                        await rival.Connection.SendAsync(respelled + "\n");
                        model.NameLine(rival.Model, respelled);
                        await rival.Connection.LinesAsync(rival.Model.Expected.Count);
                        await rival.Connection.CloseAsync();
                        await AssertClosedAsync(rival); // and it left no trace: the next checks see none
                    }
                    break;
                case Kind.Message when user is not null:
                    await SayAsync(model, user, step.Text, "/who");
                    break;
                case Kind.Me when user is not null:
                    await SayAsync(model, user, $"{Word("/me", step.Word)} {step.Text}", "/who");
                    break;
                case Kind.Join when user is not null:
                    string room = NameModel.Spell(scenario.Rooms[step.Other % scenario.Rooms.Length], step.Spelling);
                    await SayAsync(model, user, step.Word == 5 ? "/join" : $"{Word("/join", step.Word)} {room}");
                    break;
                case Kind.Msg when user is not null:
                    string target = step.Other == 5 ? "nobody" : NameModel.Spell(scenario.Names[step.Other % users.Length], step.Spelling);
                    await SayAsync(model, user, $"{Word("/msg", step.Word)} {target} {step.Text}");
                    break;
                case Kind.Query when user is not null:
                    string[] queries = ["/who", "/list", "/rooms", "/WHO", "/Rooms", "/whom", "/", "/joın"];
                    await SayAsync(model, user, queries[(step.Other + step.Word) % queries.Length] + (step.Word == 0 ? " extra" : ""));
                    break;
                case Kind.Quit when user is not null:
                    await SayAsync(model, user, Word("/quit", step.Word));
                    Assert.True(user.Model.Quitting);
                    await EndAsync(model, users, slot, gone);
                    break;
                case Kind.Drop when user is not null:
                    await user.Connection.SendAsync(step.Text); // no LF: not a line, never delivered
                    await user.Connection.CloseAsync();
                    await EndAsync(model, users, slot, gone);
                    break;
                case Kind.Tick:
                    var minutes = TimeSpan.FromMinutes(step.Other + 1);
                    time.Advance(minutes);
                    model.Advance(minutes);
                    break;
                case Kind.PromptDrop:
                    var stranger = new User(new PipeConnection(server), model.Connect());
                    await stranger.Connection.CloseAsync();
                    await AssertClosedAsync(stranger);
                    break;
            }
            await AssertViewsAsync(users);
        }

        // A last reply to each user proves that nothing unexpected was queued before it.
        foreach (User user in users.OfType<User>())
        {
            await SayAsync(model, user, "/who");
        }
        await AssertViewsAsync(users);
        for (int slot = 0; slot < users.Length; slot++)
        {
            if (users[slot] is not null)
            {
                await users[slot]!.Connection.CloseAsync();
                await EndAsync(model, users, slot, gone);
                await AssertViewsAsync(users);
            }
        }
        foreach (User user in gone)
        {
            await AssertClosedAsync(user);
        }
        Assert.Equal(0, server.Directory.UserCount);
        Assert.Equal(1, server.Directory.RoomCount);
        Assert.Equal(0, server.ConnectionCount);
        log.ThrowIfAnyError();
    }

    private sealed record User(PipeConnection Connection, ChatModel.Client Model);

    /// <summary>Sends <paramref name="lines"/> in one write, and tells the model about each.</summary>
    private static async Task SayAsync(ChatModel model, User user, params string[] lines)
    {
        await user.Connection.SendAsync(string.Concat(lines.Select(l => l + "\n")));
        // Generated text may hold an LF of its own, which ends a line on the wire.
        foreach (string line in lines.SelectMany(l => l.Split('\n')))
        {
            model.Line(user.Model, line);
        }
    }

    /// <summary>The user's connection is ending: once the server has let go of it, its room has been told.</summary>
    private static async Task EndAsync(ChatModel model, User?[] users, int slot, List<User> gone)
    {
        User user = users[slot]!;
        await user.Connection.ClosedAsync();
        model.Disconnected(user.Model);
        users[slot] = null;
        gone.Add(user);
    }

    /// <summary>Every open connection has received exactly what the model says, so far.</summary>
    private static async Task AssertViewsAsync(User?[] users)
    {
        foreach (User user in users.OfType<User>())
        {
            List<string> expected = user.Model.Expected;
            List<string> received = await user.Connection.LinesAsync(expected.Count, lines => !lines.SequenceEqual(expected.Take(lines.Count)));
            Assert.Equal(expected, received);
        }
    }

    private static async Task AssertClosedAsync(User user)
    {
        var (_, lines) = await user.Connection.ClosedAsync();
        Assert.Equal(user.Model.Expected, lines);
        Assert.Equal(user.Model.Pending, user.Connection.Tail);
    }

    /// <summary>A command word in one of several cases, all of which the server must accept.</summary>
    private static string Word(string command, int how) => how switch
    {
        1 => command.ToUpperInvariant(),
        2 => "/" + char.ToUpperInvariant(command[1]) + command[2..],
        _ => command,
    };

    /// <summary>Up to five valid names, distinct ignoring case and by look, from the generated text; plain ones fill the gaps.</summary>
    private static string[] SlotNames(string[] texts)
    {
        var names = new List<string>();
        foreach (string candidate in texts.Select(NameModel.Normalize).OfType<string>().Concat(Enumerable.Range(0, 5).Select(i => $"user{i}")))
        {
            if (names.Count < 5 && !names.Any(n => NameModel.SameName(n, candidate)))
            {
                names.Add(candidate);
            }
        }
        return [.. names];
    }

    private static string Show(string text) =>
        "\"" + string.Concat(text.Select(c => c is >= ' ' and < '\u007F' ? c.ToString() : $"\\u{(int)c:X4}")) + "\"";
}
