using Chat.Tests.Support;

namespace Chat.Tests.Irc;

/// <summary>
/// Channels are rooms (PROTOCOL.md, "The IRC door"): JOIN (several, JOIN 0) with NAMES, PART,
/// NAMES, WHO and the MODE queries clients send on join, and their errors.
/// </summary>
public sealed class IrcChannelTests
{
    [Fact]
    public async Task JoiningSeveralChannelsEchoesEachJoinWithItsNames()
    {
        await using var server = new TestServer();
        await using TestClient bob = await server.LoginAsync("bob");
        TestClient alice = await server.RegisterIrcAsync("alice");

        await alice.SendLineAsync("JOIN #lobby,#dev");

        await alice.ExpectLinesAsync(
            ":alice!alice@chat.test JOIN #lobby",
            ":chat.test 353 alice = #lobby :alice bob",
            ":chat.test 366 alice #lobby :End of /NAMES list",
            ":alice!alice@chat.test JOIN #dev",
            ":chat.test 353 alice = #dev :alice",
            ":chat.test 366 alice #dev :End of /NAMES list");
        await bob.ExpectLineAsync("*** alice joined lobby ***");
        Assert.Equal(2, server.Server.Directory.FindUser("alice")!.Rooms.Count);
    }

    [Fact]
    public async Task PartLeavesOneChannelAndJoinZeroLeavesAll()
    {
        await using var server = new TestServer();
        await using TestClient bob = await server.LoginAsync("bob");
        TestClient alice = await server.RegisterIrcAsync("alice");
        await alice.SendLineAsync("JOIN #lobby,#dev");
        await alice.ReadLinesAsync(6);
        await bob.ExpectLineAsync("*** alice joined lobby ***");

        await alice.SendLineAsync("PART #lobby");
        await alice.ExpectLineAsync(":alice!alice@chat.test PART #lobby");
        await bob.ExpectLineAsync("*** alice left lobby ***");
        await alice.SendLineAsync("PART #lobby");
        await alice.ExpectLineAsync(":chat.test 442 alice #lobby :You're not on that channel");
        await alice.SendLineAsync("PART #nowhere");
        await alice.ExpectLineAsync(":chat.test 403 alice #nowhere :No such channel");

        await alice.SendLineAsync("JOIN 0");
        await alice.ExpectLineAsync(":alice!alice@chat.test PART #dev");
        Assert.Empty(server.Server.Directory.FindUser("alice")!.Rooms);
        Assert.Null(server.Server.Directory.FindRoom("dev"));
    }

    [Fact]
    public async Task BadChannelsAndMissingParametersAreErrors()
    {
        await using var server = new TestServer();
        TestClient alice = await server.RegisterIrcAsync("alice");
        await alice.SendLineAsync("JOIN dev,#b@d");
        await alice.ExpectLinesAsync(":chat.test 403 alice dev :No such channel", ":chat.test 403 alice #b@d :No such channel");
        await alice.SendLineAsync("JOIN");
        await alice.ExpectLineAsync(":chat.test 461 alice JOIN :Not enough parameters");
        await alice.SendLineAsync("part");
        await alice.ExpectLineAsync(":chat.test 461 alice PART :Not enough parameters");
    }

    [Fact]
    public async Task NamesWhoAndModeQueriesAnswerAsClientsExpect()
    {
        await using var server = new TestServer();
        await using TestClient bob = await server.LoginAsync("bob");
        TestClient alice = await server.RegisterIrcAsync("alice");
        await alice.SendLineAsync("JOIN #lobby");
        await alice.ReadLinesAsync(3);

        await alice.SendLineAsync("NAMES #lobby");
        await alice.ExpectLinesAsync(":chat.test 353 alice = #lobby :alice bob", ":chat.test 366 alice #lobby :End of /NAMES list");
        await alice.SendLineAsync("WHO #lobby");
        await alice.ExpectLinesAsync(
            ":chat.test 352 alice #lobby alice chat.test chat.test alice H :0 alice",
            ":chat.test 352 alice #lobby bob chat.test chat.test bob H :0 bob",
            ":chat.test 315 alice #lobby :End of /WHO list");
        await alice.SendLineAsync("WHO bob");
        await alice.ExpectLinesAsync(":chat.test 352 alice * bob chat.test chat.test bob H :0 bob", ":chat.test 315 alice bob :End of /WHO list");
        await alice.SendLineAsync("MODE #lobby");
        await alice.ExpectLineAsync(":chat.test 324 alice #lobby +n");
        await alice.SendLineAsync("MODE #lobby b");
        await alice.ExpectLineAsync(":chat.test 368 alice #lobby :End of channel ban list");
        await alice.SendLineAsync("MODE alice +i");
        await alice.ExpectLineAsync(":chat.test 221 alice +");
    }
}
