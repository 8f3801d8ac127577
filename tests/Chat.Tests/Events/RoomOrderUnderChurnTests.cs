using Chat.Core.Events;
using Chat.Core.Model;
using Chat.Tests.Support;

namespace Chat.Tests.Events;

/// <summary>
/// docs/PROTOCOL.md §2 at the model, under contention: many senders in many rooms while other
/// users join and leave those rooms. Every room has one agreed order (its sequence numbers,
/// each naming one message), every member receives the room's messages in that order, those
/// present throughout receive all of them, and each sender's messages keep the sender's order.
/// </summary>
public sealed class RoomOrderUnderChurnTests
{
    private const int Rooms = 3;
    private const int Senders = 6;
    private const int Listeners = 3;
    private const int Churners = 2;
    private const int MessagesPerSender = 3000;

    [Fact]
    public async Task EveryMemberSeesEachRoomInOneAgreedOrder()
    {
        var directory = new ChatDirectory(historySize: 0);
        var tagged = new TaggedRenderer();
        string[] rooms = [.. Enumerable.Range(0, Rooms).Select(r => $"r{r}")];
        Member[] senders = [.. Enumerable.Range(0, Senders).Select(i => JoinAll(Member.Login(directory, $"s{i}", tagged)))];
        Member[] listeners = [.. Enumerable.Range(0, Listeners).Select(i => JoinAll(Member.Login(directory, $"l{i}", tagged)))];
        Member[] churners = [.. Enumerable.Range(0, Churners).Select(i => Member.Login(directory, $"c{i}", tagged))];
        Member JoinAll(Member member)
        {
            foreach (string room in rooms)
            {
                directory.Join(member.User, room);
            }
            return member;
        }
        ChatRoom[] roomObjects = [.. rooms.Select(r => directory.FindRoom(r)!)];

        using var start = new Barrier(Senders + Churners);
        int sendersDone = 0;
        Task[] sending = [.. senders.Select((sender, s) => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            for (int n = 0; n < MessagesPerSender; n++)
            {
                ChatRoom room = roomObjects[n % Rooms];
                room.Post(LineDoor.Renderer.Say(room.Name, directory.NextMessageId(), sender.User.Name, MessageKind.Message, $"{s}-{n}"), sender.User);
            }
            Interlocked.Increment(ref sendersDone);
        }, TaskCreationOptions.LongRunning))];
        Task[] churning = [.. churners.Select((churner, c) => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            for (int k = 0; Volatile.Read(ref sendersDone) < Senders; k++)
            {
                ChatRoom room = roomObjects[(k + c) % Rooms];
                if (directory.Join(churner.User, room.Name) is null)
                {
                    directory.Part(churner.User, room);
                }
            }
        }, TaskCreationOptions.LongRunning))];
        await Task.WhenAll(sending.Concat(churning)).DefaultTimeout();

        var agreed = new Dictionary<(string Room, long Sequence), string>();
        foreach (Member member in senders.Concat(listeners).Concat(churners))
        {
            var lastSequence = new Dictionary<string, long>();
            var lastFromSender = new Dictionary<(string Room, string Sender), int>();
            foreach (string line in member.TakeText().Where(l => l.StartsWith("msg|")))
            {
                string[] f = line.Split('|'); // msg|room|sequence|sender|kind|text
                (string room, long sequence, string sender, string text) = (f[1], long.Parse(f[2]), f[3], f[5]);
                Assert.True(sequence > lastSequence.GetValueOrDefault(room), $"{member.User.Name} got {room} #{sequence} after #{lastSequence.GetValueOrDefault(room)}");
                lastSequence[room] = sequence;
                if (!agreed.TryAdd((room, sequence), text))
                {
                    Assert.Equal(agreed[(room, sequence)], text); // one sequence number, one message
                }
                int n = int.Parse(text.Split('-')[1]);
                Assert.True(n > lastFromSender.GetValueOrDefault((room, sender), -1), $"{sender}'s messages out of order in {room}");
                lastFromSender[(room, sender)] = n;
            }
        }
        int perRoom = Senders * MessagesPerSender / Rooms;
        foreach (string room in rooms)
        {
            Assert.Equal(Enumerable.Range(1, perRoom).Select(i => (long)i), agreed.Keys.Where(k => k.Room == room).Select(k => k.Sequence).Order());
        }
        foreach (Member listener in listeners)
        {
            Assert.Empty(listener.TakeText()); // all taken above: a listener's view was checked with the rest
        }
        Assert.Equal(Senders * MessagesPerSender, agreed.Count);
    }
}
