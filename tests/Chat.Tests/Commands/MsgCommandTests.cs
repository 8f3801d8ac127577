using Chat.Tests.Support;

namespace Chat.Tests.Commands;

/// <summary>
/// PROTOCOL.md §3: <c>/msg &lt;user&gt; &lt;text&gt;</c> answers <c>[PM to bob]: text</c>; bob alone
/// receives <c>[PM from alice]: text</c>. Names as registered; to yourself "to" comes first.
/// </summary>
public sealed class MsgCommandTests
{
    [Fact]
    public async Task APrivateMessageReachesOnlyItsRecipient()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);
        TestClient carol = await server.LoginAsync("carol", alice, bob);

        await alice.SendLineAsync("/msg bob see you at noon");

        await alice.ExpectLineAsync("[PM to bob]: see you at noon");
        await bob.ExpectLineAsync("[PM from alice]: see you at noon");
        await carol.ExpectNothingPendingAsync();
        await bob.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task APrivateMessageCrossesRooms()
    {
        await using var server = new TestServer();
        TestClient bob = await server.LoginAsync("bob");
        await bob.JoinAsync("dev");
        TestClient alice = await server.LoginAsync("alice");

        await alice.SendLineAsync("/msg bob hi");

        await alice.ExpectLineAsync("[PM to bob]: hi");
        await bob.ExpectLineAsync("[PM from alice]: hi");
    }

    [Fact]
    public async Task NamesAreSpelledAsTheirOwnersRegisteredThem()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("Alice");
        TestClient bob = await server.LoginAsync("Bob", alice);

        await alice.SendLineAsync("/msg bOB hi");

        await alice.ExpectLineAsync("[PM to Bob]: hi");
        await bob.ExpectLineAsync("[PM from Alice]: hi");
    }

    [Fact]
    public async Task TheRecipientIsMatchedAfterNfc()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient jose = await server.LoginAsync("Jos\u00E9", alice);

        await alice.SendLineAsync("/msg jose\u0301 hola");

        await alice.ExpectLineAsync("[PM to Jos\u00E9]: hola");
        await jose.ExpectLineAsync("[PM from alice]: hola");
    }

    [Fact]
    public async Task TheRecipientIsMatchedByLookAlike()
    {
        await using var server = new TestServer();
        TestClient bob = await server.LoginAsync("bob");
        TestClient alice = await server.LoginAsync("alice", bob);

        await bob.SendLineAsync("/msg \u0430lice hi"); // Cyrillic а: no one else can hold that name

        await bob.ExpectLineAsync("[PM to alice]: hi");
        await alice.ExpectLineAsync("[PM from bob]: hi");
    }

    [Fact]
    public async Task ARecipientMatchingIgnoringCaseIsPreferredToALookAlike()
    {
        await using var server = new TestServer();
        TestClient bob = await server.LoginAsync("bob");
        TestClient ian = await server.LoginAsync("ian", bob);
        TestClient lan = await server.LoginAsync("lan", bob, ian);

        await bob.SendLineAsync("/msg Ian hi"); // ian ignoring case, and a look-alike of lan

        await bob.ExpectLineAsync("[PM to ian]: hi");
        await ian.ExpectLineAsync("[PM from bob]: hi");
        await lan.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task APrivateMessageToYourselfComesToThenFrom()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");

        await alice.SendLineAsync("/msg ALICE note to self");

        await alice.ExpectLinesAsync("[PM to alice]: note to self", "[PM from alice]: note to self");
        await alice.ExpectNothingPendingAsync();
    }

    [Theory]
    [InlineData("/msg")]
    [InlineData("/msg   ")]
    [InlineData("/msg bob")]
    [InlineData("/msg bob   ")]
    public async Task MsgWithoutUserOrTextShowsItsUsage(string line)
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendLineAsync(line);

        await alice.ExpectLineAsync("Usage: /msg <user> <message>");
        await bob.ExpectNothingPendingAsync();
    }

    [Theory]
    [InlineData("nobody")]
    [InlineData("NoBody")]
    [InlineData("bad!name")]
    public async Task AnUnknownUserIsNamedAsTyped(string name)
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");

        await alice.SendLineAsync($"/msg {name} hello?");

        await alice.ExpectLineAsync($"User {name} not found.");
        await alice.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task AUserWhoHasLeftIsNotFound()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);
        await bob.CloseAsync();
        await bob.ExpectClosedAsync();
        await alice.ExpectLineAsync("*** bob left the chat ***");

        await alice.SendLineAsync("/msg bob still there?");

        await alice.ExpectLineAsync("User bob not found.");
    }
}
