using Chat.Core.Events;
using Chat.Core.Irc;
using Chat.Core.Model;
using Chat.Tests.Support;

namespace Chat.Tests.Irc;

/// <summary>
/// The IRC door's renderer (PROTOCOL.md, "The IRC door"): the chat's events as IRC messages
/// from <c>nick!nick@server</c>, rooms as <c>#</c> channels, CRLF-terminated.
/// </summary>
public sealed class IrcRendererTests
{
    private readonly IrcRenderer _irc = new(TimeProvider.System, "chat.test");

    [Fact]
    public void LineUsersMessagesAndActionsReachIrcUsersAsPrivmsgAndCtcpAction()
    {
        var directory = new ChatDirectory(historySize: 0);
        Member alice = Member.Login(directory, "alice", LineDoor.Renderer);
        Member bob = LoginIrc(directory, "bob");
        directory.Join(bob.User, ChatDirectory.LobbyName);
        Assert.Equal([":bob!bob@chat.test JOIN #lobby\r\n"], Wire(bob));

        directory.Lobby.Post(LineDoor.Renderer.Say("lobby", 1, "alice", MessageKind.Message, "hi :) there"), alice.User);
        directory.Lobby.Post(LineDoor.Renderer.Say("lobby", 2, "alice", MessageKind.Action, "waves"), alice.User);

        Assert.Equal([":alice!alice@chat.test PRIVMSG #lobby :hi :) there\r\n", ":alice!alice@chat.test PRIVMSG #lobby :\u0001ACTION waves\u0001\r\n"], Wire(bob));
    }

    [Fact]
    public void AnIrcUsersMessageReachesLineUsersAsALineAndIrcUsersAsItsOwnRendering()
    {
        var directory = new ChatDirectory(historySize: 0);
        Member alice = Member.Login(directory, "alice", LineDoor.Renderer);
        Member bob = LoginIrc(directory, "bob");
        Member carol = LoginIrc(directory, "carol");
        directory.Join(bob.User, "lobby");
        directory.Join(carol.User, "lobby");
        alice.Take();
        carol.Take();

        RoomMessage said = _irc.Say("lobby", 1, "bob", MessageKind.Action, "héllo");
        directory.Lobby.Post(said, bob.User);

        Assert.Equal("héllo"u8.ToArray(), said.Text.ToArray());
        Assert.EndsWith("* bob héllo\n", alice.TakeText().Single() + "\n");
        Assert.Equal([":bob!bob@chat.test PRIVMSG #lobby :\u0001ACTION héllo\u0001\r\n"], Wire(carol));
    }

    [Fact]
    public void JoinsPartsQuitsAndMovesAreIrcMessages()
    {
        Assert.Equal(":a!a@chat.test JOIN #dev\r\n", _irc.Render(new MemberJoined("dev", "a", Login: false)).ToString());
        Assert.Equal(":a!a@chat.test PART #dev\r\n", _irc.Render(new MemberLeft("dev", "a", LeaveReason.Parted)).ToString());
        Assert.Equal(":a!a@chat.test PART #dev :Moved to #ops\r\n", _irc.Render(new MemberLeft("dev", "a", LeaveReason.Moved, "ops")).ToString());
        Assert.Equal(":a!a@chat.test QUIT :Quit\r\n", _irc.Render(new MemberLeft("dev", "a", LeaveReason.Quit)).ToString());
        Assert.Equal(":a!a@chat.test QUIT :Too slow\r\n", _irc.Render(new MemberLeft("dev", "a", LeaveReason.TooSlow)).ToString());
    }

    [Fact]
    public void APrivateMessageIsAPrivmsgToTheNickAndTheSendersCopyIsNothing()
    {
        var message = new PrivateMessage("alice", "bob", DateTimeOffset.UtcNow, "psst"u8.ToArray());
        Assert.Equal(":alice!alice@chat.test PRIVMSG bob :psst\r\n", _irc.Render(message, toRecipient: true).ToString());
        Assert.True(_irc.Render(message, toRecipient: false).IsEmpty);
    }

    [Fact]
    public void HistoryIsReplayedAsServerNoticesWithTimeAndSender()
    {
        var directory = new ChatDirectory(historySize: 5);
        Member alice = Member.Login(directory, "alice", LineDoor.Renderer);
        directory.Lobby.Post(LineDoor.Renderer.Say("lobby", 1, "alice", MessageKind.Message, "earlier"), alice.User);
        Member bob = LoginIrc(directory, "bob");

        directory.Join(bob.User, "lobby");

        List<string> lines = Wire(bob);
        Assert.Equal(4, lines.Count);
        Assert.Equal(":bob!bob@chat.test JOIN #lobby\r\n", lines[0]);
        Assert.Equal(":chat.test NOTICE #lobby :Recent messages:\r\n", lines[1]);
        Assert.Matches(@"^:chat\.test NOTICE #lobby :\[\d{4}-\d\d-\d\d \d\d:\d\d\] <alice> earlier\r\n$", lines[2]);
        Assert.Equal(":chat.test NOTICE #lobby :End of history\r\n", lines[3]);
    }

    private static List<string> Wire(Member member) => member.Take().Select(l => l.ToString()).ToList();

    private Member LoginIrc(ChatDirectory directory, string name)
    {
        var outbox = new Outbox(1 << 24);
        var member = new Member(new ChatUser(name, _irc, outbox), outbox);
        Task<bool> adding = directory.TryAddAsync(member.User, enterLobby: false);
        Assert.True(adding.IsCompletedSuccessfully && adding.Result);
        Assert.Empty(member.User.Rooms);
        return member;
    }
}
