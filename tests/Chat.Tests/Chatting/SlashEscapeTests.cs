using Chat.Core;
using Chat.Tests.Support;

namespace Chat.Tests.Chatting;

/// <summary>
/// PROTOCOL.md §2: a line that starts with <c>//</c> (after cleaning and trimming) is a message
/// whose text drops the first slash, so <c>//etc is full</c> says <c>/etc is full</c>; it is
/// checked for length and rate like any message. A line whose first character is a single
/// <c>/</c> is still a command.
/// </summary>
public sealed class SlashEscapeTests
{
    [Theory]
    [InlineData("//etc is full", "/etc is full")]
    [InlineData("  //etc is full  ", "/etc is full")]
    [InlineData("//", "/")]
    [InlineData("///", "//")]
    [InlineData("//help", "/help")]
    [InlineData("// spaced", "/ spaced")]
    public async Task ADoubleSlashSendsTheRestAsAMessage(string sent, string said)
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendLineAsync(sent);

        await bob.ExpectLineAsync($"[14:02] [lobby] alice: {said}");
        await alice.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task TheEscapedMessageIsKeptInHistory()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        await alice.SendLineAsync("//etc is full");
        await alice.ExpectNothingPendingAsync(); // handled before bob arrives

        TestClient bob = await server.LoginAsync("bob");

        await bob.ExpectLinesAsync("=== Recent messages ===", "[14:02] [lobby] alice: /etc is full", "=== End of history ===");
    }

    [Theory]
    [InlineData("/ /etc")]
    [InlineData(" /x//")]
    public async Task ASingleSlashFirstIsStillACommand(string sent)
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendLineAsync(sent);

        await alice.ExpectLineAsync($"Unknown command: {sent.Trim().Split(' ')[0]}. Type /help for help.");
        await bob.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task TheLengthLimitCountsTheTextSaid()
    {
        await using var server = new TestServer(TestServer.Options with { MaxMessageLength = 5 });
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendLineAsync("//12345"); // says "/12345": six runes
        await alice.ExpectLineAsync("Message too long (max 5 characters).");
        await alice.SendLineAsync("//1234");

        await bob.ExpectLineAsync("[14:02] [lobby] alice: /1234");
    }

    [Fact]
    public async Task AnEscapedMessageCountsAgainstTheRate()
    {
        ChatOptions options = TestServer.Options with { RateLimitMessages = 1, RateLimitWindow = TimeSpan.FromSeconds(1), RateLimitBurst = 0 };
        await using var server = new TestServer(options);
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendLineAsync("//one");
        await alice.SendLineAsync("//two");

        await alice.ExpectLineAsync("Rate limit exceeded. Slow down.");
        await bob.ExpectLineAsync("[14:02] [lobby] alice: /one");
    }
}
