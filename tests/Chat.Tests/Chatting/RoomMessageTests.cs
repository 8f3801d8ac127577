using Chat.Tests.Support;

namespace Chat.Tests.Chatting;

/// <summary>
/// PROTOCOL.md §2: a line not starting with '/' goes to every other member of the sender's
/// room as <c>[HH:MM] [room] alice: text</c>; no echo; HH:MM is local time at receipt.
/// </summary>
public sealed class RoomMessageTests
{
    [Fact]
    public async Task AMessageReachesEveryOtherMemberOfTheRoom()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);
        TestClient carol = await server.LoginAsync("carol", alice, bob);

        await alice.SendLineAsync("hello there");

        await bob.ExpectLineAsync("[14:02] [lobby] alice: hello there");
        await carol.ExpectLineAsync("[14:02] [lobby] alice: hello there");
    }

    [Fact]
    public async Task TheSenderGetsNoEcho()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendLineAsync("hello");

        await bob.ExpectLineAsync("[14:02] [lobby] alice: hello");
        await alice.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task OtherRoomsDoNotHearIt()
    {
        await using var server = new TestServer();
        TestClient dave = await server.LoginAsync("dave");
        await dave.JoinAsync("dev");
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendLineAsync("lobby only");
        await bob.ExpectLineAsync("[14:02] [lobby] alice: lobby only");

        await dave.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task AMessageGoesToTheSendersCurrentRoomSpelledAsCreated()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("Alice");
        await alice.JoinAsync("DevOps");
        TestClient bob = await server.LoginAsync("bob");
        await bob.SendLineAsync("/join devops");
        await bob.ExpectLineAsync("Joined room: DevOps");
        await alice.ExpectLineAsync("*** bob joined DevOps ***");

        await alice.SendLineAsync("hi");

        await bob.ExpectLineAsync("[14:02] [DevOps] Alice: hi");
    }

    [Fact]
    public async Task TheTimeIsWhenTheServerReceivedTheLineInTwentyFourHourForm()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        server.Time.Advance(new TimeSpan(19, 3, 0)); // 14:02 + 19:03 = 09:05 the next day
        await alice.SendLineAsync("morning");
        await bob.ExpectLineAsync("[09:05] [lobby] alice: morning");

        server.Time.Advance(new TimeSpan(12, 54, 0));
        await alice.SendLineAsync("evening");
        await bob.ExpectLineAsync("[21:59] [lobby] alice: evening");
    }

    [Fact]
    public async Task TheTimeIsTheServersLocalTime()
    {
        await using var server = new TestServer();
        server.Time.SetLocalTimeZone(TimeZoneInfo.CreateCustomTimeZone("UTC+05:30", TimeSpan.FromMinutes(330), "UTC+05:30", "UTC+05:30"));
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendLineAsync("hi");

        await bob.ExpectLineAsync("[19:32] [lobby] alice: hi"); // 14:02 UTC
    }

    [Fact]
    public async Task EmptyLinesAreIgnored()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendLineAsync("");
        await alice.SendLineAsync("   ");
        await alice.SendLineAsync("\u0007\u200E");
        await alice.ExpectNothingPendingAsync();

        await bob.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task AMessageIsDeliveredAsCleaned()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendLineAsync("  \u001B[2J\u001B[Hhi\u0007 \u202Ethere\t!  ");

        await bob.ExpectLineAsync("[14:02] [lobby] alice: hi there\t!");
    }
}
