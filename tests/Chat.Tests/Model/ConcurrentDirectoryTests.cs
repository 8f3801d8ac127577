using Chat.Core.Events;
using Chat.Core.Model;
using Chat.Core.Protocol;
using Chat.Tests.Support;

namespace Chat.Tests.Model;

/// <summary>
/// Logins and departures from many threads at once, which the directory applies in batches:
/// the outcome must be exactly that of some one-after-another order.
/// </summary>
public class ConcurrentDirectoryTests
{
    [Fact]
    public async Task EveryoneHearsOfExactlyThoseWhoJoinedAfterThemInOneAgreedOrder()
    {
        const int users = 400;
        var directory = new ChatDirectory(historySize: 0);
        var outboxes = new Outbox[users];
        for (int i = 0; i < users; i++)
        {
            outboxes[i] = new Outbox(1 << 20);
        }

        bool[] added = await Task.WhenAll(Enumerable.Range(0, users).Select(i =>
            Task.Run(() => directory.TryAddAsync(new ChatUser($"u{i}", LineDoor.Renderer, outboxes[i])))));

        Assert.All(added, Assert.True);
        var heard = outboxes.Select(OutboxContents.TakeAll).ToArray();
        for (int i = 0; i < users; i++)
        {
            Assert.StartsWith($"Hello, u{i}!", heard[i][0]);
        }
        // The first to join heard of everyone else: that is the order everyone must agree on.
        int first = Array.FindIndex(heard, h => h.Count == users);
        Assert.True(first >= 0, "nobody heard of all the others");
        List<string> order = [$"*** u{first} joined lobby ***", .. heard[first].Skip(1)];
        Assert.Equal(users, order.Distinct().Count());
        for (int i = 0; i < users; i++)
        {
            int position = order.IndexOf($"*** u{i} joined lobby ***");
            Assert.Equal(order.Skip(position + 1), heard[i].Skip(1));
        }
        Assert.Equal(users, directory.Lobby.MemberCount);
    }

    [Fact]
    public async Task OfTwoRacingForOneNameExactlyOneGetsIt()
    {
        var directory = new ChatDirectory(historySize: 0);
        var names = Enumerable.Range(0, 200).Select(i => $"name{i}").ToArray();

        bool[] added = await Task.WhenAll(names.Concat(names.Select(n => n.ToUpperInvariant())).Select(name =>
            Task.Run(() => directory.TryAddAsync(new ChatUser(name, LineDoor.Renderer, new Outbox(1 << 20))))));

        Assert.Equal(names.Length, added.Count(a => a));
        Assert.Equal(names.Length, directory.UserCount);
    }

    [Fact]
    public async Task EveryoneWhoStaysHearsOfEveryDepartureInOneAgreedOrder()
    {
        const int users = 300, leavers = 150;
        var directory = new ChatDirectory(historySize: 0);
        var outboxes = Enumerable.Range(0, users).Select(_ => new Outbox(1 << 20)).ToArray();
        var online = Enumerable.Range(0, users).Select(i => new ChatUser($"u{i}", LineDoor.Renderer, outboxes[i])).ToArray();
        foreach (ChatUser user in online)
        {
            Assert.True(directory.TryAddAsync(user).IsCompleted);
        }
        foreach (Outbox outbox in outboxes)
        {
            OutboxContents.TakeAll(outbox); // the greetings and join notices
        }

        await Task.WhenAll(online.Take(leavers).Select(user =>
            Task.Run(() => directory.RemoveAsync(user, LeaveReason.Quit))));

        var heard = outboxes.Skip(leavers).Select(OutboxContents.TakeAll).ToArray();
        Assert.Equal(Enumerable.Range(0, leavers).Select(i => $"*** u{i} left the chat ***").Order(), heard[0].Order());
        Assert.All(heard, h => Assert.Equal(heard[0], h));
        Assert.Equal(users - leavers, directory.UserCount);
        Assert.Equal(users - leavers, directory.Lobby.MemberCount);
    }

    [Fact]
    public async Task ARoomEveryoneLeavesAtOnceIsGone()
    {
        var directory = new ChatDirectory(historySize: 0);
        var users = Enumerable.Range(0, 50).Select(i => new ChatUser($"u{i}", LineDoor.Renderer, new Outbox(1 << 20))).ToArray();
        foreach (ChatUser user in users)
        {
            await directory.TryAddAsync(user);
            directory.Move(user, "dev");
        }
        Assert.Equal(2, directory.RoomCount);

        await Task.WhenAll(users.Select(user => Task.Run(() => directory.RemoveAsync(user, null))));

        Assert.Equal(1, directory.RoomCount);
        Assert.Equal(0, directory.UserCount);
    }
}
