using Chat.Core.Model;
using Chat.Tests.Support;

namespace Chat.Tests.Model;

/// <summary>
/// Logins from many threads at once, which the directory adds in batches: the outcome must be
/// exactly that of some one-after-another order.
/// </summary>
public class ConcurrentLoginTests
{
    [Fact]
    public async Task EveryoneHearsOfExactlyThoseWhoJoinedAfterThemInOneAgreedOrder()
    {
        const int users = 400;
        var directory = new ChatDirectory(historySize: 0);
        var outboxes = new Outbox[users];
        for (int i = 0; i < users; i++)
        {
            outboxes[i] = new Outbox(1 << 20, () => { });
        }

        bool[] added = await Task.WhenAll(Enumerable.Range(0, users).Select(i =>
            Task.Run(() => directory.TryAddAsync(new ChatUser($"u{i}", outboxes[i])))));

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
            Task.Run(() => directory.TryAddAsync(new ChatUser(name, new Outbox(1 << 20, () => { }))))));

        Assert.Equal(names.Length, added.Count(a => a));
        Assert.Equal(names.Length, directory.UserCount);
    }
}
