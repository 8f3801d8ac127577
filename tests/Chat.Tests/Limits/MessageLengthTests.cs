using Chat.Tests.Support;

namespace Chat.Tests.Limits;

/// <summary>
/// PROTOCOL.md §4: the text of a message, a <c>/me</c> or a <c>/msg</c> may have at most
/// MaxMessageLength runes after cleaning; past it the sender gets
/// <c>Message too long (max 500 characters).</c> and nothing is delivered.
/// </summary>
public sealed class MessageLengthTests
{
    /// <summary>The three kinds of text the limit applies to, by the prefix that sends them.</summary>
    public static TheoryData<string> Kinds => new() { "", "/me ", "/msg bob " };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task FiveHundredRunesAreDelivered(string kind)
    {
        await using var server = new TestServer();
        var (alice, bob) = await TwoUsersAsync(server);
        string text = new('a', 500);

        await alice.SendLineAsync(kind + text);

        await ExpectDeliveredAsync(kind, text, alice, bob);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task FiveHundredAndOneRunesAreRefused(string kind)
    {
        await using var server = new TestServer();
        var (alice, bob) = await TwoUsersAsync(server);

        await alice.SendLineAsync(kind + new string('a', 501));

        await alice.ExpectLineAsync("Message too long (max 500 characters).");
        await alice.ExpectNothingPendingAsync();
        await bob.ExpectNothingPendingAsync();
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task RunesAreCountedNotBytesNorUtf16Units(string kind)
    {
        await using var server = new TestServer();
        var (alice, bob) = await TwoUsersAsync(server);
        string fiveHundredEmoji = string.Concat(Enumerable.Repeat("😀", 500)); // 2000 bytes, 1000 UTF-16 units

        await alice.SendLineAsync(kind + fiveHundredEmoji);
        await ExpectDeliveredAsync(kind, fiveHundredEmoji, alice, bob);
        await alice.SendLineAsync(kind + fiveHundredEmoji + "😀");

        await alice.ExpectLineAsync("Message too long (max 500 characters).");
        await bob.ExpectNothingPendingAsync();
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task TheLimitIsASettingAndTheReplyNamesIt(string kind)
    {
        await using var server = new TestServer(TestServer.Options with { MaxMessageLength = 10 });
        var (alice, bob) = await TwoUsersAsync(server);

        await alice.SendLineAsync(kind + "0123456789");
        await ExpectDeliveredAsync(kind, "0123456789", alice, bob);
        await alice.SendLineAsync(kind + "0123456789X");

        await alice.ExpectLineAsync("Message too long (max 10 characters).");
        await bob.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task LengthIsCountedAfterCleaning()
    {
        await using var server = new TestServer();
        var (alice, bob) = await TwoUsersAsync(server);
        string text = new('a', 500);

        // Surrounding whitespace, bells and colour codes are gone before counting.
        await alice.SendLineAsync("   " + text + new string('\u0007', 20) + "\u001B[31m   ");

        await bob.ExpectLineAsync($"[14:02] [lobby] alice: {text}");
    }

    private static async Task<(TestClient Alice, TestClient Bob)> TwoUsersAsync(TestServer server)
    {
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);
        return (alice, bob);
    }

    private static async Task ExpectDeliveredAsync(string kind, string text, TestClient alice, TestClient bob)
    {
        switch (kind)
        {
            case "":
                await bob.ExpectLineAsync($"[14:02] [lobby] alice: {text}");
                break;
            case "/me ":
                await bob.ExpectLineAsync($"[14:02] [lobby] * alice {text}");
                break;
            default:
                await alice.ExpectLineAsync($"[PM to bob]: {text}");
                await bob.ExpectLineAsync($"[PM from alice]: {text}");
                break;
        }
    }
}
