using System.IO.Pipelines;
using Chat.Core;
using Chat.Tests.Support;

namespace Chat.Tests.Limits;

/// <summary>
/// PROTOCOL.md §4: a client that stops reading is disconnected once OutboxBytes wait for it,
/// instead of slowing anyone else; its room receives <c>*** alice left the chat (too slow) ***</c>.
/// </summary>
public sealed class OutboxOverflowTests
{
    private const int Lines = 40;

    [Fact]
    public async Task AClientThatStopsReadingIsDroppedAndTheOthersMissNothing()
    {
        await using var server = new TestServer(TestServer.Options with { OutboxBytes = 4096 });
        // Alice's transport takes at most about 1 KiB before the server's writes to it wait.
        TestClient alice = server.Connect("alice", fromServer: new PipeOptions(pauseWriterThreshold: 1024, resumeWriterThreshold: 512, useSynchronizationContext: false));
        await alice.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);
        TestClient carol = await server.LoginAsync("carol", alice, bob);
        // From here on nobody reads what is sent to alice.

        // Bob sends ~16 KiB, one line at a time, each read by carol before the next is sent.
        int tooSlowNotices = 0;
        for (int i = 0; i < Lines; i++)
        {
            string text = $"{i:D2} " + new string('x', 400);
            await bob.SendLineAsync(text);
            string line = await carol.ReadLineAsync();
            if (line == "*** alice left the chat (too slow) ***")
            {
                tooSlowNotices++;
                line = await carol.ReadLineAsync();
            }
            Assert.Equal($"[14:02] [lobby] bob: {text}", line);
        }
        Assert.Equal(DisconnectReason.TooSlow, await alice.Connection.DefaultTimeout());

        // The notice came exactly once, to the whole room; alice is gone; her transport is closed.
        if (tooSlowNotices == 0)
        {
            await carol.ExpectLineAsync("*** alice left the chat (too slow) ***");
        }
        else
        {
            Assert.Equal(1, tooSlowNotices);
        }
        await bob.ExpectLineAsync("*** alice left the chat (too slow) ***");
        await carol.SendLineAsync("/who");
        await carol.ExpectLineAsync("Users in lobby: bob, carol");
        await bob.ExpectNothingPendingAsync();
        await alice.DrainUntilClosedAsync();
    }
}
