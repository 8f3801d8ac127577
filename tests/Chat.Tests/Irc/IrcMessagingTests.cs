using Chat.Tests.Support;

namespace Chat.Tests.Irc;

/// <summary>
/// PRIVMSG and NOTICE (PROTOCOL.md, "The IRC door"): to a channel the user is in, or to a nick;
/// CTCP ACTION is /me; the line door's cleaning and length limit; 401/403/404/411/412/417.
/// </summary>
public sealed class IrcMessagingTests
{
    [Fact]
    public async Task ChannelMessagesAndActionsReachTheOtherIrcMembersButNotTheSender()
    {
        await using var server = new TestServer();
        TestClient alice = await server.RegisterIrcAsync("alice");
        TestClient carol = await server.RegisterIrcAsync("carol");
        await alice.SendLineAsync("JOIN #dev");
        await alice.ReadLinesAsync(3);
        await carol.SendLineAsync("JOIN #dev");
        await carol.ReadLinesAsync(3);
        await alice.ExpectLineAsync(":carol!carol@chat.test JOIN #dev");

        await alice.SendLineAsync("PRIVMSG #dev :hello \u001b[31mthere");
        await alice.SendLineAsync("PRIVMSG #dev :\u0001ACTION waves\u0001");
        await alice.SendLineAsync("NOTICE #dev :a notice");

        await carol.ExpectLinesAsync(
            ":alice!alice@chat.test PRIVMSG #dev :hello there",
            ":alice!alice@chat.test PRIVMSG #dev :\u0001ACTION waves\u0001",
            ":alice!alice@chat.test PRIVMSG #dev :a notice");
        await alice.SendLineAsync("PING done");
        await alice.ExpectLineAsync(":chat.test PONG chat.test :done"); // no echo came before it
    }

    [Fact]
    public async Task ErrorsForPrivmsgAndNoneForNotice()
    {
        await using var server = new TestServer(TestServer.Options with { MaxMessageLength = 5 });
        TestClient alice = await server.RegisterIrcAsync("alice");
        await alice.SendLineAsync("JOIN #lobby");
        await alice.ReadLinesAsync(3);
        await using TestClient bob = await server.LoginAsync("bob");
        await alice.ReadLineAsync(); // bob's join

        await alice.SendLineAsync("PRIVMSG");
        await alice.ExpectLineAsync(":chat.test 411 alice :No recipient given (PRIVMSG)");
        await alice.SendLineAsync("PRIVMSG #lobby");
        await alice.ExpectLineAsync(":chat.test 412 alice :No text to send");
        await alice.SendLineAsync("PRIVMSG #lobby :\u0007 ");
        await alice.ExpectLineAsync(":chat.test 412 alice :No text to send");
        await alice.SendLineAsync("PRIVMSG #lobby :toolong");
        await alice.ExpectLineAsync(":chat.test 417 alice :Message too long (max 5 characters)");
        await alice.SendLineAsync("PRIVMSG #nowhere :hi");
        await alice.ExpectLineAsync(":chat.test 403 alice #nowhere :No such channel");
        await alice.SendLineAsync("PRIVMSG nobody :hi");
        await alice.ExpectLineAsync(":chat.test 401 alice nobody :No such nick/channel");
        await bob.SendLineAsync("/join dev");
        await alice.ExpectLineAsync(":bob!bob@chat.test PART #lobby :Moved to #dev");
        await alice.SendLineAsync("PRIVMSG #dev :hi");
        await alice.ExpectLineAsync(":chat.test 404 alice #dev :Cannot send to channel");
        await alice.SendLineAsync("NOTICE nobody :hi");
        await alice.SendLineAsync("NOTICE #dev :hi");
        await alice.SendLineAsync("PING done");
        await alice.ExpectLineAsync(":chat.test PONG chat.test :done");
    }
}
