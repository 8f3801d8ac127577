using System.IO.Pipelines;
using Chat.Core;
using Chat.Tests.Support;

namespace Chat.Tests.Irc;

/// <summary>
/// The line door's limits on the IRC door (PROTOCOL.md, "The IRC door"): an IRC client that
/// stops reading is dropped as too slow and its rooms are told; the rate limit refuses past
/// the burst with a NOTICE and changes nothing else.
/// </summary>
public sealed class IrcLimitsTests
{
    [Fact]
    public async Task AnIrcClientThatStopsReadingIsDroppedAsTooSlow()
    {
        await using var server = new TestServer(TestServer.Options with { OutboxBytes = 4096 });
        TestClient alice = await server.RegisterIrcAsync("alice", new PipeOptions(pauseWriterThreshold: 1024, resumeWriterThreshold: 512, useSynchronizationContext: false));
        await alice.SendLineAsync("JOIN #lobby");
        await using TestClient bob = await server.LoginAsync("bob");
        // From here on nobody reads what is sent to alice.

        string line = "";
        for (int i = 0; i < 40 && line != "*** alice left the chat (too slow) ***"; i++)
        {
            await bob.SendLineAsync(new string('x', 400));
            await bob.SendLineAsync("/who");
            line = await bob.ReadLineAsync();
            if (line.StartsWith("Users in ", StringComparison.Ordinal))
            {
                continue;
            }
            await bob.ReadLineAsync(); // the /who reply after the notice
        }

        Assert.Equal("*** alice left the chat (too slow) ***", line);
        Assert.Equal(DisconnectReason.TooSlow, await alice.Connection.DefaultTimeout());
        Assert.Null(server.Server.Directory.FindUser("alice"));
    }

    [Fact]
    public async Task PastTheBurstAMessageIsRefusedWithANoticeAndNotSaid()
    {
        await using var server = new TestServer(TestServer.Options with { RateLimitMessages = 1, RateLimitBurst = 0 });
        await using TestClient bob = await server.LoginAsync("bob");
        TestClient alice = await server.RegisterIrcAsync("alice");
        await alice.SendLineAsync("JOIN #lobby");
        await alice.ReadLinesAsync(3);
        await bob.ExpectLineAsync("*** alice joined lobby ***");

        await alice.SendLineAsync("PRIVMSG #lobby :too fast");

        await alice.ExpectLineAsync(":chat.test NOTICE alice :You are sending too fast; message dropped");
        await alice.SendLineAsync("PING still-here"); // not counted: the session goes on
        await alice.ExpectLineAsync(":chat.test PONG chat.test :still-here");
        server.Time.Advance(TimeSpan.FromSeconds(1));
        await alice.SendLineAsync("PRIVMSG #lobby :now");
        await bob.ExpectLineAsync("[14:02] [lobby] alice: now");
    }
}
