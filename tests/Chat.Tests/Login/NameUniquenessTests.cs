using Chat.Tests.Support;

namespace Chat.Tests.Login;

/// <summary>
/// PROTOCOL.md §1: names are unique while their owner is online, ignoring case and look-alike
/// characters (the same UTS #39 skeleton, lowercased).
/// </summary>
public sealed class NameUniquenessTests
{
    private const string NameTaken = "Name already taken.";

    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("alice", "Alice")]
    [InlineData("alice", "ALICE")]
    [InlineData("alice", "\u0430lice")]         // Cyrillic а: the case
    [InlineData("alice", "\u0410lice")]         // Cyrillic А, a look-alike of Alice, which is alice
    [InlineData("alice", "aIice")]              // capital I for l
    [InlineData("alice", "a1ice")]              // digit one for l
    [InlineData("alice", "\uFF41\uFF4C\uFF49\uFF43\uFF45")]  // fullwidth
    [InlineData("alice", "\U0001D41A\U0001D425\U0001D422\U0001D41C\U0001D41E")] // mathematical bold
    [InlineData("aIice", "alice")]              // either way round
    [InlineData("bob", "b\u03BFb")]             // Greek omicron
    [InlineData("bob", "\uFF42\uFF4F\uFF42")]  // fullwidth ｂ, which the table leaves out
    [InlineData("bob", "b0b")]                  // 0 looks like O, which is o ignoring case
    [InlineData("modern", "rnodern")]           // rn looks like m
    public async Task ANameOnlineIsTakenIgnoringCaseAndLookAlikes(string online, string attempt)
    {
        await using var server = new TestServer();
        await server.LoginAsync(online);
        TestClient other = server.Connect();
        await other.ReadExactAsync("Welcome! Enter your name: ");

        await other.SendLineAsync(attempt);

        await other.ExpectLineAsync(NameTaken);
        await other.ReadExactAsync("Enter your name: ");
        await other.LoginAsyncAfterPrompt("carol");
        Assert.Equal(2, server.Server.Directory.UserCount);
    }

    [Theory]
    [InlineData("ab", "ba")]
    [InlineData("alice", "alicia")]
    [InlineData("ian", "lan")]   // I looks like l, but ian is not Ian: only the spelling online counts
    [InlineData("alice", "\u0430lic")]
    [InlineData("lobby", "l\u00F6bby")]
    public async Task DistinctNamesStayDistinct(string online, string other)
    {
        await using var server = new TestServer();
        await server.LoginAsync(online);

        await server.LoginAsync(other);

        Assert.Equal(2, server.Server.Directory.UserCount);
    }

    [Fact]
    public async Task ANameIsComparedAfterNfc()
    {
        await using var server = new TestServer();
        await server.LoginAsync("Jos\u00E9");
        TestClient other = server.Connect();
        await other.ReadExactAsync("Welcome! Enter your name: ");

        await other.SendLineAsync("jose\u0301");

        await other.ExpectLineAsync(NameTaken);
        await other.ReadExactAsync("Enter your name: ");
    }

    [Theory]
    [InlineData("ALICE")]
    [InlineData("\u0430lice")] // a look-alike too
    public async Task ANameIsFreeAgainOnceItsOwnerHasLeft(string name)
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        await alice.SendLineAsync("/quit");
        await alice.ExpectLineAsync("Goodbye!");
        await alice.ExpectClosedAsync();

        await server.LoginAsync(name);
    }
}
