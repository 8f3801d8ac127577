using System.Text;
using Chat.Tests.Support;

namespace Chat.Tests.Wire;

/// <summary>
/// PROTOCOL.md "Wire format" end to end: LF ends a line and a CR before it is dropped, bytes
/// after the last LF are ignored at close, every received line is cleaned before anything
/// else looks at it. (That every line sent ends in a single LF is checked on every read.)
/// </summary>
public sealed class WireFormatTests
{
    private const byte Iac = 255, Will = 251, Wont = 252, Do = 253, Dont = 254, Sb = 250, Se = 240;

    [Fact]
    public async Task TelnetsCrLfWorksForNamesAndMessages()
    {
        await using var server = new TestServer();
        TestClient alice = server.Connect("alice");
        await alice.ReadExactAsync("Welcome! Enter your name: ");
        await alice.SendRawAsync(Bytes("alice\r\n"));
        await alice.ExpectLineAsync("Hello, alice! You can start chatting. Type /help for commands.");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendRawAsync(Bytes("hi\r\n/who\r\n"));

        await bob.ExpectLineAsync("[14:02] [lobby] alice: hi");
        await alice.ExpectLineAsync("Users in lobby: alice, bob");
    }

    [Fact]
    public async Task ALoneCrInsideALineIsRemovedAsAControlCharacter()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendRawAsync(Bytes("over\rwrite\r\r\n"));

        await bob.ExpectLineAsync("[14:02] [lobby] alice: overwrite");
    }

    [Fact]
    public async Task ALineMayArriveInPiecesAndManyLinesAtOnce()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendRawAsync(Bytes("hel"));
        await alice.SendRawAsync(Bytes("lo\r"));
        await alice.SendRawAsync(Bytes("\none\ntwo\nthr"));
        await alice.SendRawAsync(Bytes("ee\n"));

        await bob.ExpectLinesAsync("[14:02] [lobby] alice: hello", "[14:02] [lobby] alice: one", "[14:02] [lobby] alice: two", "[14:02] [lobby] alice: three");
    }

    [Fact]
    public async Task BytesAfterTheLastLfAreIgnoredWhenTheClientCloses()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendRawAsync(Bytes("sent\nnever sent"));
        await alice.CloseAsync();
        await alice.ExpectClosedAsync();

        await bob.ExpectLinesAsync("[14:02] [lobby] alice: sent", "*** alice left the chat ***");
        await bob.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task BytesAfterTheLastLfAreNoNameEither()
    {
        await using var server = new TestServer();
        TestClient guest = server.Connect("guest");
        await guest.ReadExactAsync("Welcome! Enter your name: ");

        await guest.SendRawAsync(Bytes("alice"));
        await guest.CloseAsync();
        await guest.ExpectClosedAsync();

        TestClient other = await server.LoginAsync("alice");
        await other.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task TelnetNegotiationBeforeTheNameIsRefusedAndLeavesTheName()
    {
        await using var server = new TestServer();
        TestClient alice = server.Connect("alice");
        await alice.ReadExactAsync("Welcome! Enter your name: ");

        await alice.SendRawAsync([Iac, Will, 31, Iac, Do, 1, Iac, Sb, 24, 0, .. Bytes("xterm"), Iac, Se, .. Bytes("alice\r\n")]);

        Assert.Equal(new byte[] { Iac, Wont, 1, Iac, Dont, 31 }, await alice.ReadBytesAsync(6));
        await alice.ExpectLineAsync("Hello, alice! You can start chatting. Type /help for commands.");
    }

    [Fact]
    public async Task ATelnetSequenceCutByAnLfEndsThere()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        // IAC WILL, then LF: the option byte never comes, and the next line starts afresh.
        await alice.SendRawAsync([.. Bytes("one"), Iac, Will, (byte)'\n', .. Bytes("1two\n")]);
        // A subnegotiation cut by an LF does not swallow the next line.
        await alice.SendRawAsync([.. Bytes("three"), Iac, Sb, 24, (byte)'\n', .. Bytes("four\n")]);

        await bob.ExpectLinesAsync("[14:02] [lobby] alice: one", "[14:02] [lobby] alice: 1two", "[14:02] [lobby] alice: three", "[14:02] [lobby] alice: four");
    }

    [Fact]
    public async Task InvalidUtf8ReachesOthersAsReplacementCharacters()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendRawAsync([.. Bytes("caf"), 0xC3, .. Bytes(" ok "), 0xE6, 0x97, .. Bytes("!\n")]);

        await bob.ExpectLineAsync("[14:02] [lobby] alice: caf\uFFFD ok \uFFFD!");
    }

    [Fact]
    public async Task NoClientCanSendOthersControlSequences()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendLineAsync("\u001B[2J\u001B]0;pwned\u0007\u001B[1;1Hgotcha\u0007 \u202Edesrever\u202C \u0085\u009B31m\u001B]8;;http://evil");
        await alice.SendLineAsync("/me \u001B[31mblinks\u0007");
        await alice.SendLineAsync("/msg bob \u001B[5mps\u200Bst\u200F");

        await bob.ExpectLinesAsync(
            "[14:02] [lobby] alice: gotcha desrever",
            "[14:02] [lobby] * alice blinks",
            "[PM from alice]: psst");
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
