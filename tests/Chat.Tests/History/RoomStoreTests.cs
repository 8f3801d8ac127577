using System.Text;
using Chat.Core.History;
using Chat.Tests.Support;

namespace Chat.Tests.History;

/// <summary>
/// The rooms on a history store (PROTOCOL.md §2, "Settings"): each message is taken by the
/// store before it is numbered and delivered, a room created finds its stored tail by its
/// look and numbers on, and a full store slows its sender only.
/// </summary>
public sealed class RoomStoreTests
{
    private const string Start = "=== Recent messages ===";
    private const string End = "=== End of history ===";

    [Fact]
    public async Task Each_message_is_stored_in_its_rooms_order_under_the_rooms_look()
    {
        var store = new GatedHistoryStore();
        await using var server = new TestServer(history: store);
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);

        await alice.SendLineAsync("one");
        await alice.SendLineAsync("/me waves");
        await alice.SendLineAsync("/join Dev");
        await alice.ExpectLineAsync("Joined room: Dev");
        await alice.SendLineAsync("in dev");
        await alice.SendLineAsync("/msg bob not stored");
        await bob.ExpectLinesAsync("[14:02] [lobby] alice: one", "[14:02] [lobby] * alice waves", "*** alice left to Dev ***", "[PM from alice]: not stored");

        Assert.Equal(
            ["lobby/lobby/1/alice/Message/one", "lobby/lobby/2/alice/Action/waves", "dev/Dev/1/alice/Message/in dev"],
            store.Taken.Select(m => $"{m.RoomKey}/{m.Room}/{m.Sequence}/{m.Sender}/{m.Kind}/{Encoding.UTF8.GetString(m.Text.Span)}"));
        Assert.All(store.Taken, m => Assert.Equal(server.Time.GetUtcNow(), m.Time));
    }

    [Fact]
    public async Task A_room_created_again_replays_its_stored_history_keeps_its_name_and_numbers_on()
    {
        var store = new GatedHistoryStore();
        await using var server = new TestServer(history: store);
        TestClient alice = await server.LoginAsync("alice");
        await alice.JoinAsync("dev");
        await alice.SendLineAsync("first");
        await alice.SendLineAsync("/me leaves");
        await alice.SendLineAsync("/join lobby");
        await alice.ExpectLineAsync("Joined room: lobby"); // dev is empty, and gone
        Assert.DoesNotContain(await RoomListAsync(alice), line => line.Contains("dev"));

        TestClient bob = await server.LoginAsync("bob", alice);
        await bob.SendLineAsync("/join DEV");

        await bob.ExpectLinesAsync("Joined room: dev", Start, "[14:02] [dev] alice: first", "[14:02] [dev] * alice leaves", End);
        await bob.SendLineAsync("after");
        await bob.ExpectNothingPendingAsync();
        Assert.Equal([1L, 2L, 3L], store.Taken.Where(m => m.RoomKey == "dev").Select(m => m.Sequence));
    }

    [Fact]
    public async Task A_full_store_pauses_its_sender_and_neither_its_room_nor_anyone_else()
    {
        var store = new GatedHistoryStore();
        await using var server = new TestServer(history: store);
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);
        TestClient carol = await server.LoginAsync("carol", alice, bob);
        store.Fill();

        await alice.SendLineAsync("one");
        await alice.SendLineAsync("two");
        await alice.SendLineAsync("/who");
        await store.FirstRefusal.DefaultTimeout();

        // The others read and are answered as usual: nothing of alice's reached them.
        await carol.SendLineAsync("/msg bob still here");
        await bob.ExpectLineAsync("[PM from carol]: still here");
        await bob.ExpectNothingPendingAsync();
        await carol.ExpectLineAsync("[PM to bob]: still here");
        await carol.ExpectNothingPendingAsync();
        Assert.Empty(store.Taken);

        store.Release();

        await bob.ExpectLinesAsync("[14:02] [lobby] alice: one", "[14:02] [lobby] alice: two");
        await carol.ExpectLinesAsync("[14:02] [lobby] alice: one", "[14:02] [lobby] alice: two");
        // Alice's /who was read only after her lines were taken.
        await alice.ExpectLineAsync("Users in lobby: alice, bob, carol");
        Assert.Equal([1L, 2L], store.Taken.Select(m => m.Sequence));
    }

    [Fact]
    public async Task A_line_held_for_the_store_is_counted_against_the_rate_once()
    {
        var store = new GatedHistoryStore();
        await using var server = new TestServer(TestServer.Options with { RateLimitMessages = 2, RateLimitBurst = 0 }, store);
        TestClient alice = await server.LoginAsync("alice");
        TestClient bob = await server.LoginAsync("bob", alice);
        store.Fill();

        await alice.SendLineAsync("one");
        await store.FirstRefusal.DefaultTimeout();
        store.Release();
        await alice.SendLineAsync("two");

        // Two lines in the window, each counted once: both within a rate of 2.
        await bob.ExpectLinesAsync("[14:02] [lobby] alice: one", "[14:02] [lobby] alice: two");
    }

    private static async Task<List<string>> RoomListAsync(TestClient client)
    {
        await client.SendLineAsync("/rooms");
        await client.ExpectLineAsync("Rooms:");
        await client.SendLineAsync("/who");
        var lines = new List<string>();
        for (string line = await client.ReadLineAsync(); !line.StartsWith("Users in ", StringComparison.Ordinal); line = await client.ReadLineAsync())
        {
            lines.Add(line);
        }
        return lines;
    }
}
