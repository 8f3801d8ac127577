using Chat.Tests.Support;

namespace Chat.Tests.Irc;

/// <summary>
/// One chat, two doors (PROTOCOL.md, "The IRC door"): a line user in room <c>dev</c> and an IRC
/// user in <c>#dev</c> talk, act, exchange private messages and see each other in /who and NAMES.
/// </summary>
public sealed class MixedDoorTests
{
    [Fact]
    public async Task ALineUserAndAnIrcUserTalkInOneRoom()
    {
        await using var server = new TestServer();
        await using TestClient bob = await server.LoginAsync("bob");
        await bob.JoinAsync("dev");
        TestClient alice = await server.RegisterIrcAsync("alice");

        await alice.SendLineAsync("JOIN #dev");
        await alice.ExpectLinesAsync(
            ":alice!alice@chat.test JOIN #dev",
            ":chat.test 353 alice = #dev :alice bob",
            ":chat.test 366 alice #dev :End of /NAMES list");
        await bob.ExpectLineAsync("*** alice joined dev ***");

        await alice.SendLineAsync("PRIVMSG #dev :hi bob");
        await bob.ExpectLineAsync("[14:02] [dev] alice: hi bob");
        await alice.SendLineAsync("PRIVMSG #dev :\u0001ACTION waves\u0001");
        await bob.ExpectLineAsync("[14:02] [dev] * alice waves");

        await bob.SendLineAsync("hi alice");
        await alice.ExpectLineAsync(":bob!bob@chat.test PRIVMSG #dev :hi alice");
        await bob.SendLineAsync("/me nods");
        await alice.ExpectLineAsync(":bob!bob@chat.test PRIVMSG #dev :\u0001ACTION nods\u0001");

        await bob.SendLineAsync("/msg alice psst");
        await bob.ExpectLineAsync("[PM to alice]: psst");
        await alice.ExpectLineAsync(":bob!bob@chat.test PRIVMSG alice :psst");
        await alice.SendLineAsync("PRIVMSG bob :back");
        await bob.ExpectLineAsync("[PM from alice]: back");

        await bob.SendLineAsync("/who");
        await bob.ExpectLinesAsync("Users in dev: alice, bob");

        await alice.CloseAsync();
        await bob.ExpectLineAsync("*** alice left the chat ***");
    }
}
