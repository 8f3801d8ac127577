using Chat.Tests.Support;

namespace Chat.Tests.Commands;

/// <summary>
/// PROTOCOL.md §3: the command word is case-insensitive; anything else starting with '/' gets
/// <c>Unknown command: /foo. Type /help for help.</c> with the word as typed, to the sender only.
/// </summary>
public sealed class CommandWordTests
{
    [Theory]
    [InlineData("/WHO")]
    [InlineData("/Who")]
    [InlineData("/wHo")]
    public async Task TheCommandWordIsCaseInsensitive(string command)
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");

        await alice.SendLineAsync(command);

        await alice.ExpectLineAsync("Users in lobby: alice");
    }

    [Theory]
    [InlineData("/foo", "/foo")]
    [InlineData("/FOO", "/FOO")]
    [InlineData("/Foo bar baz", "/Foo")]
    [InlineData("/", "/")]
    [InlineData("/ who", "/")]
    [InlineData("/whois", "/whois")]   // a command word is matched whole
    [InlineData("/w", "/w")]
    [InlineData("/héllo", "/héllo")]
    public async Task AnUnknownCommandIsNamedAsTyped(string line, string word)
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendLineAsync(line);

        await alice.ExpectLineAsync($"Unknown command: {word}. Type /help for help.");
        await bob.ExpectNothingPendingAsync(); // never sent to the room as a message
    }

    [Fact]
    public async Task ArgumentsMaybeSeparatedByAnyWhitespace()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendLineAsync("/msg\tbob \t hi");

        await alice.ExpectLineAsync("[PM to bob]: hi");
        await bob.ExpectLineAsync("[PM from alice]: hi");
    }
}
