using System.Runtime.InteropServices;
using Chat.Core.Events;
using Chat.Core.Model;
using Chat.Core.Protocol;
using Chat.Tests.Support;

namespace Chat.Tests.Events;

/// <summary>
/// The event core: a room message gets the room's next sequence number, and a broadcast
/// renders it at most once per kind of door, handing the same bytes to every recipient of
/// that kind; the door it was said on renders nothing again.
/// </summary>
public sealed class EventRenderingTests
{
    [Fact]
    public void AMixedRoomRendersEachMessageOncePerKindAndSharesTheBytes()
    {
        var directory = new ChatDirectory(historySize: 0);
        var tagged = new TaggedRenderer();
        Member sender = Member.Login(directory, "alice", LineDoor.Renderer);
        Member[] lineUsers = [.. Enumerable.Range(0, 3).Select(i => Member.Login(directory, $"line{i}", LineDoor.Renderer))];
        Member[] taggedUsers = [.. Enumerable.Range(0, 3).Select(i => Member.Login(directory, $"tag{i}", tagged))];
        foreach (Member member in lineUsers.Concat(taggedUsers).Append(sender))
        {
            member.Take(); // greetings and join notices
        }
        int rendersBefore = tagged.Renders;

        RoomMessage said = LineDoor.Renderer.Say("lobby", directory.NextMessageId(), "alice", MessageKind.Message, "hi there");
        directory.Lobby.Post(said, sender.User);

        Assert.Equal(1, tagged.Renders - rendersBefore);
        byte[] lineBytes = ArrayOf(lineUsers[0].Take().Single());
        Assert.Same(ArrayOf(said.Origin.Line), lineBytes); // the door it was said on renders nothing again
        foreach (Member member in lineUsers.Skip(1))
        {
            Assert.Same(lineBytes, ArrayOf(member.Take().Single()));
        }
        EncodedLine first = taggedUsers[0].Take().Single();
        Assert.Equal("msg|lobby|1|alice|Message|hi there\n", first.ToString());
        foreach (Member member in taggedUsers.Skip(1))
        {
            Assert.Same(ArrayOf(first), ArrayOf(member.Take().Single()));
        }
        Assert.Empty(sender.Take()); // no echo
    }

    [Fact]
    public void EachRoomNumbersItsMessagesInOrder()
    {
        var directory = new ChatDirectory(historySize: 10);
        var tagged = new TaggedRenderer();
        Member alice = Member.Login(directory, "alice", LineDoor.Renderer);
        Member bob = Member.Login(directory, "bob", tagged);
        Assert.NotNull(directory.Join(alice.User, "dev"));
        Assert.NotNull(directory.Join(bob.User, "dev"));
        ChatRoom dev = directory.FindRoom("dev")!;
        bob.Take();

        var posted = new List<RoomMessage>();
        for (int i = 0; i < 3; i++)
        {
            posted.Add(directory.Lobby.Post(LineDoor.Renderer.Say("lobby", directory.NextMessageId(), "alice", MessageKind.Message, $"l{i}"), alice.User));
            posted.Add(dev.Post(LineDoor.Renderer.Say("dev", directory.NextMessageId(), "alice", MessageKind.Action, $"d{i}"), alice.User));
        }

        Assert.Equal([1, 2, 3], posted.Where(m => m.Room == "lobby").Select(m => m.Sequence));
        Assert.Equal([1, 2, 3], posted.Where(m => m.Room == "dev").Select(m => m.Sequence));
        Assert.Equal(posted.Count, posted.Select(m => m.Id).Distinct().Count());
        Assert.All(posted, m => Assert.Equal(TimeSpan.Zero, m.Time.Offset));
        Assert.Equal(
            ["msg|lobby|1|alice|Message|l0", "msg|dev|1|alice|Action|d0", "msg|lobby|2|alice|Message|l1",
             "msg|dev|2|alice|Action|d1", "msg|lobby|3|alice|Message|l2", "msg|dev|3|alice|Action|d2"],
            bob.TakeText());
    }

    [Fact]
    public void HistoryIsReplayedInTheJoinersOwnKindOfDoor()
    {
        var directory = new ChatDirectory(historySize: 10);
        Member alice = Member.Login(directory, "alice", LineDoor.Renderer);
        directory.Lobby.Post(LineDoor.Renderer.Say("lobby", directory.NextMessageId(), "alice", MessageKind.Message, "before"), alice.User);

        Member bob = Member.Login(directory, "bob", new TaggedRenderer());

        Assert.Equal(["welcome|lobby|bob|True", "history|lobby", "msg|lobby|1|alice|Message|before"], bob.TakeText());
    }

    private static byte[] ArrayOf(EncodedLine line)
    {
        Assert.True(MemoryMarshal.TryGetArray(line.Memory, out ArraySegment<byte> segment));
        return segment.Array!;
    }
}
