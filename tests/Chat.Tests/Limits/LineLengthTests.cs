using System.IO.Pipelines;
using System.Text;
using Chat.Tests.Support;

namespace Chat.Tests.Limits;

/// <summary>
/// PROTOCOL.md §4: a line over MaxLineBytes (raw bytes, CR included, LF excluded) is dropped
/// up to its LF, and when that LF arrives the sender gets the too-long reply once; the server
/// never buffers more than MaxLineBytes of a line.
/// </summary>
public sealed class LineLengthTests
{
    private const string TooLong = "Message too long (max 500 characters).";

    [Fact]
    public async Task ALineOfExactlyMaxLineBytesWithItsCrIsAccepted()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        // 2 + 4093 + 1 (CR) = 4096 bytes; trimmed, the message is "hi".
        await alice.SendRawAsync(Bytes("hi" + new string(' ', 4093) + "\r\n"));

        await bob.ExpectLineAsync("[14:02] [lobby] alice: hi");
    }

    [Theory]
    [InlineData("hi", 4095, "\r\n")] // the CR makes it 4097
    [InlineData("hi", 4095, "\n")]
    [InlineData("hi", 100_000, "\n")]
    public async Task ALongerLineGetsTheTooLongReplyOnceAndIsNotDelivered(string text, int padding, string end)
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendRawAsync(Bytes(text + new string(' ', padding) + end));

        await alice.ExpectLineAsync(TooLong);
        await alice.ExpectNothingPendingAsync();
        await bob.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task TheReplyNamesTheMessageLengthSettingAndTheLimitIsASetting()
    {
        await using var server = new TestServer(TestServer.Options with { MaxMessageLength = 42, MaxLineBytes = 100 });
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendRawAsync(Bytes("ok" + new string(' ', 98) + "\n"));
        await bob.ExpectLineAsync("[14:02] [lobby] alice: ok");
        await alice.SendRawAsync(Bytes("no" + new string(' ', 99) + "\n"));

        await alice.ExpectLineAsync("Message too long (max 42 characters).");
        await bob.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task TheReplyComesWhenTheLfArrives()
    {
        await using var server = new TestServer();
        // The sender's writes complete only once the server has taken every byte off the pipe.
        TestClient alice = server.Connect("alice", toServer: new PipeOptions(pauseWriterThreshold: 1, resumeWriterThreshold: 1, useSynchronizationContext: false));
        await alice.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendRawAsync(Bytes(new string('x', 6000)));
        await bob.SendLineAsync("/msg alice meanwhile");
        await bob.SendLineAsync("/who");
        await bob.ExpectLineAsync("[PM to alice]: meanwhile");
        // Bob's lines are handled in order, so the reply to the next one means alice's copy is
        // queued too: the server has dropped the xs and queued the message since.
        await bob.ExpectLineAsync("Users in lobby: alice, bob");
        await alice.SendRawAsync(Bytes("xxx\n"));

        await alice.ExpectLinesAsync("[PM from bob]: meanwhile", TooLong);
        await alice.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task TheServerNeverHoldsMoreThanMaxLineBytesOfALine()
    {
        await using var server = new TestServer();
        // A write completes only while the server keeps at most 4096 bytes unconsumed.
        TestClient alice = server.Connect("alice", toServer: new PipeOptions(pauseWriterThreshold: 4097, resumeWriterThreshold: 4097, useSynchronizationContext: false));
        await alice.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        // A line within the limit may wait for its LF...
        await alice.SendRawAsync(Bytes("hi" + new string(' ', 3998)));
        await alice.SendRawAsync(Bytes(new string(' ', 96) + "\n"));
        await bob.ExpectLineAsync("[14:02] [lobby] alice: hi");

        // ...but a megabyte without one is dropped as it comes.
        byte[] chunk = Bytes(new string('x', 64 * 1024));
        for (int i = 0; i < 16; i++)
        {
            await alice.SendRawAsync(chunk);
        }
        await alice.SendRawAsync(Bytes("\n"));

        await alice.ExpectLineAsync(TooLong);
        await alice.ExpectNothingPendingAsync();
        await bob.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task TheNextLineAfterADroppedOneIsHandled()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendRawAsync(Bytes(new string('x', 5000) + "\nafter\n"));

        await alice.ExpectLineAsync(TooLong);
        await bob.ExpectLineAsync("[14:02] [lobby] alice: after");
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
