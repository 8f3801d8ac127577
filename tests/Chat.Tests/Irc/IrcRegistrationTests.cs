using Chat.Core;
using Chat.Tests.Support;

namespace Chat.Tests.Irc;

/// <summary>
/// IRC registration (PROTOCOL.md, "The IRC door"): CAP LS/END, NICK and USER, PASS ignored,
/// 001-005 and 422; nicks by the line door's name rules, one namespace with it; PING/PONG;
/// QUIT; the login timeout.
/// </summary>
public sealed class IrcRegistrationTests
{
    [Fact]
    public async Task CapNegotiationNickAndUserGetTheWelcomeAndNoRoom()
    {
        await using var server = new TestServer();
        TestClient client = server.ConnectIrc();
        await client.SendLineAsync("CAP LS 302");
        await client.SendLineAsync("PASS secret");
        await client.SendLineAsync("NICK alice");
        await client.SendLineAsync("USER alice 0 * :Alice");
        await client.ExpectLineAsync(":chat.test CAP * LS :");
        await client.SendLineAsync("CAP END");

        await client.ExpectLinesAsync(
            ":chat.test 001 alice :Welcome to the chat, alice",
            ":chat.test 002 alice :Your host is chat.test, running chat",
            ":chat.test 003 alice :This server was created when it started",
            ":chat.test 004 alice chat.test chat i n",
            ":chat.test 005 alice CHANTYPES=# NICKLEN=20 CHANNELLEN=21 CASEMAPPING=rfc8265 UTF8ONLY LINELEN=512 PREFIX=() CHANMODES=,,,n :are supported by this server",
            ":chat.test 422 alice :MOTD File is missing");
        Assert.Empty(server.Server.Directory.FindUser("alice")!.Rooms);
        Assert.Equal(0, server.Server.Directory.Lobby.MemberCount);
    }

    [Fact]
    public async Task ABadNickIs432AndATakenOneIs433InOneNamespaceWithTheLineDoor()
    {
        await using var server = new TestServer();
        await using TestClient line = await server.LoginAsync("Bob");
        TestClient client = server.ConnectIrc();

        await client.SendLineAsync("NICK b@d");
        await client.ExpectLineAsync(":chat.test 432 * b@d :Erroneous nickname");
        await client.SendLineAsync("NICK bob");
        await client.ExpectLineAsync(":chat.test 433 * bob :Nickname is already in use");
        await client.SendLineAsync("NICK");
        await client.ExpectLineAsync(":chat.test 431 * :No nickname given");
        await client.SendLineAsync("USER x 0 *");
        await client.ExpectLineAsync(":chat.test 461 * USER :Not enough parameters");
        await client.SendLineAsync("JOIN #lobby");
        await client.ExpectLineAsync(":chat.test 451 * :You have not registered");

        await client.SendLineAsync("NICK carol");
        await client.SendLineAsync("USER carol 0 * :Carol");
        await client.ExpectLineAsync(":chat.test 001 carol :Welcome to the chat, carol");
        TestClient third = server.Connect("third");
        await third.ReadExactAsync(TestClient.Welcome);
        await third.SendLineAsync("CAROL");
        await third.ExpectLineAsync("Name already taken.");
    }

    [Fact]
    public async Task PingIsAnsweredBeforeAndAfterRegistrationAndPongIsQuiet()
    {
        await using var server = new TestServer();
        TestClient client = server.ConnectIrc();
        await client.SendLineAsync("PING :early");
        await client.ExpectLineAsync(":chat.test PONG chat.test :early");
        await client.SendLineAsync("NICK alice");
        await client.SendLineAsync("USER alice 0 * :Alice");
        await client.ReadLinesAsync(6);
        await client.SendLineAsync("PONG :x");
        await client.SendLineAsync("PING 123");
        await client.ExpectLineAsync(":chat.test PONG chat.test :123");
    }

    [Fact]
    public async Task QuitEndsWithErrorAndTheRoomsAreToldQuit()
    {
        await using var server = new TestServer();
        await using TestClient line = await server.LoginAsync("bob");
        TestClient client = await server.RegisterIrcAsync("alice");
        await client.SendLineAsync("JOIN #lobby");
        await line.ExpectLineAsync("*** alice joined lobby ***");

        await client.SendLineAsync("QUIT :bye");

        while (await client.ReadLineAsync() != "ERROR :Closing link (Quit)")
        {
        }
        Assert.Equal(DisconnectReason.Quit, await client.ExpectClosedAsync());
        await line.ExpectLineAsync("*** alice left the chat ***");
    }

    [Fact]
    public async Task AClientThatNeverRegistersIsClosedAtTheLoginTimeout()
    {
        await using var server = new TestServer();
        TestClient client = server.ConnectIrc();
        await client.SendLineAsync("NICK alice");
        await client.SendLineAsync("PING x");
        await client.ExpectLineAsync(":chat.test PONG chat.test :x");

        server.Time.Advance(TestServer.Options.LoginTimeout);

        await client.ExpectLineAsync("ERROR :Closing link (registration timed out)");
        Assert.Equal(DisconnectReason.TimedOut, await client.ExpectClosedAsync());
    }

    [Fact]
    public async Task ALineOverIrcsLimitIs417AndTheSessionGoesOn()
    {
        await using var server = new TestServer();
        TestClient client = await server.RegisterIrcAsync("alice");
        await client.SendLineAsync("PRIVMSG #lobby :" + new string('x', 600));
        await client.ExpectLineAsync(":chat.test 417 alice :Input line was too long");
        await client.SendLineAsync("FOO bar");
        await client.ExpectLineAsync(":chat.test 421 alice FOO :Unknown command");
    }

    [Fact]
    public async Task ShutdownTellsRegisteredAndUnregisteredClientsWithError()
    {
        await using var server = new TestServer();
        TestClient alice = await server.RegisterIrcAsync("alice");
        TestClient early = server.ConnectIrc("early");

        await server.Server.ShutdownAsync().DefaultTimeout();

        await alice.ExpectLineAsync("ERROR :Server is shutting down");
        await early.ExpectLineAsync("ERROR :Server is shutting down");
        Assert.Equal(DisconnectReason.Shutdown, await alice.ExpectClosedAsync());
        Assert.Equal(DisconnectReason.Shutdown, await early.ExpectClosedAsync());
    }
}
