using System.Text;
using Chat.Tests.Support;

namespace Chat.Tests.Wire;

/// <summary>
/// PROTOCOL.md §6, "Telnet", through a session: the refusals reach the client who asked, as
/// soon as the request arrives, and nothing of the negotiation reaches anyone's chat.
/// </summary>
public sealed class TelnetNegotiationTests
{
    private const byte Iac = 255, Will = 251, Wont = 252, Do = 253, Dont = 254;
    private const byte InterruptProcess = 244, TimingMark = 6, EchoOption = 1, TerminalType = 24, WindowSize = 31;
    private static readonly byte[] CtrlC = [Iac, InterruptProcess, Iac, Do, TimingMark];

    [Fact]
    public async Task TelnetsCtrlCIsAnsweredWithoutALineEndAtThePromptAndInChat()
    {
        await using var server = new TestServer();
        TestClient alice = server.Connect("alice");
        await alice.ReadExactAsync(TestClient.Welcome);

        // No LF follows: the answer cannot wait for a line.
        await alice.SendRawAsync(CtrlC);
        await ExpectBytesAsync(alice, Iac, Wont, TimingMark);

        await alice.LoginAsyncAfterPrompt("alice");
        await alice.SendRawAsync(CtrlC);
        await ExpectBytesAsync(alice, Iac, Wont, TimingMark);
        // Every Ctrl+C asks again, and is answered again.
        await alice.SendRawAsync(CtrlC);
        await ExpectBytesAsync(alice, Iac, Wont, TimingMark);
        await alice.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task RequestsAreRefusedBeforeTheLineTheyCameWithAndNeverReachTheRoom()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendRawAsync([.. Bytes("hi"), Iac, Will, WindowSize, Iac, Will, TerminalType, Iac, Do, EchoOption, .. Bytes(" there\r\n/who\r\n")]);

        await ExpectBytesAsync(alice, Iac, Wont, EchoOption, Iac, Dont, TerminalType, Iac, Dont, WindowSize);
        await alice.ExpectLineAsync("Users in lobby: alice, bob");
        await bob.ExpectLineAsync("[14:02] [lobby] alice: hi there");
        await bob.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task DontAndWontGetNoAnswerAndARepeatedRequestOneAnswer()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");

        await alice.SendRawAsync([Iac, Dont, EchoOption, Iac, Wont, WindowSize, Iac, Do, EchoOption, Iac, Do, EchoOption, Iac, Do, EchoOption]);

        await ExpectBytesAsync(alice, Iac, Wont, EchoOption);
        await alice.ExpectNothingPendingAsync(); // strict UTF-8: any further 0xFF fails it
    }

    [Fact]
    public async Task ARequestInALineTooLongToKeepIsStillAnswered()
    {
        await using var server = new TestServer(TestServer.Options with { MaxLineBytes = 64 });
        TestClient alice = await server.LoginAsync("alice");

        await alice.SendRawAsync([.. Bytes(new string('x', 100)), .. CtrlC]);
        await ExpectBytesAsync(alice, Iac, Wont, TimingMark);
        await alice.SendRawAsync(Bytes("\n"));

        await alice.ExpectLineAsync("Message too long (max 500 characters).");
    }

    private static async Task ExpectBytesAsync(TestClient client, params byte[] expected) =>
        Assert.Equal(expected, await client.ReadBytesAsync(expected.Length));

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
