using Chat.Core.Events;
using Chat.Core.Model;
using Chat.Tests.Support;

namespace Chat.Tests.Events;

/// <summary>
/// A user may be in several rooms at once (as IRC and web users will be): it hears each
/// room's events, leaves one without leaving the others, and when it goes every room it was
/// in is told. The line door's <c>/join</c> is a move between exactly one room and the next.
/// </summary>
public sealed class MultiRoomTests
{
    [Fact]
    public void AUserInTwoRoomsHearsBothAndPartsOneAlone()
    {
        var directory = new ChatDirectory(historySize: 0);
        var tagged = new TaggedRenderer();
        Member alice = Member.Login(directory, "alice", tagged);
        Member bob = Member.Login(directory, "bob", tagged);
        Member carol = Member.Login(directory, "carol", tagged);
        ChatRoom dev = directory.Join(alice.User, "dev")!;
        directory.Join(carol.User, "dev");
        alice.Take();
        bob.Take();
        carol.Take();

        Assert.Equal(["lobby", "dev"], alice.User.Rooms.Select(r => r.Name));
        Assert.Null(directory.Join(alice.User, "DEV")); // already there
        directory.Lobby.Post(LineDoor.Renderer.Say("lobby", directory.NextMessageId(), "bob", MessageKind.Message, "in lobby"), bob.User);
        dev.Post(LineDoor.Renderer.Say("dev", directory.NextMessageId(), "carol", MessageKind.Message, "in dev"), carol.User);
        Assert.Equal(["msg|lobby|1|bob|Message|in lobby", "msg|dev|1|carol|Message|in dev"], alice.TakeText());

        Assert.True(directory.Part(alice.User, dev));
        Assert.False(directory.Part(alice.User, dev));
        Assert.Equal(["msg|lobby|1|bob|Message|in lobby", "left|dev|alice|Parted|"], carol.TakeText()); // carol is in both rooms too
        Assert.Empty(bob.TakeText()); // the lobby heard nothing: alice is still there
        Assert.Equal(["lobby"], alice.User.Rooms.Select(r => r.Name));
    }

    [Fact]
    public async Task LeavingTheChatTellsEveryRoomTheUserWasIn()
    {
        var directory = new ChatDirectory(historySize: 0);
        var tagged = new TaggedRenderer();
        Member alice = Member.Login(directory, "alice", tagged);
        Member bob = Member.Login(directory, "bob", tagged);
        Member carol = Member.Login(directory, "carol", tagged);
        directory.Join(alice.User, "dev");
        directory.Move(carol.User, "dev");
        bob.Take();
        carol.Take();

        await directory.RemoveAsync(alice.User, LeaveReason.TooSlow).DefaultTimeout();

        Assert.Equal(["left|lobby|alice|TooSlow|"], bob.TakeText());
        Assert.Equal(["left|dev|alice|TooSlow|"], carol.TakeText());
        Assert.Null(directory.FindUser("alice"));
        Assert.Equal(2, directory.RoomCount); // dev stays: carol is in it
    }

    [Fact]
    public void AMoveLeavesTheOneRoomAndEntersTheNext()
    {
        var directory = new ChatDirectory(historySize: 0);
        Member alice = Member.Login(directory, "alice", LineDoor.Renderer);
        Member bob = Member.Login(directory, "bob", LineDoor.Renderer);
        bob.Take();
        alice.Take();

        ChatRoom? dev = directory.Move(alice.User, "dev");

        Assert.NotNull(dev);
        Assert.Equal(["dev"], alice.User.Rooms.Select(r => r.Name));
        Assert.Equal(["*** alice left to dev ***"], bob.TakeText());
        Assert.Equal(["Joined room: dev"], alice.TakeText());
        Assert.Null(directory.Move(alice.User, "Dev"));
    }
}
