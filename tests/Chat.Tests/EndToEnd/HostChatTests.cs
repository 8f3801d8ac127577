namespace Chat.Tests.EndToEnd;

/// <summary>The whole protocol path, from socket to socket, through the real host process.</summary>
public sealed class HostChatTests
{
    [Fact]
    public async Task Two_users_chat_across_rooms_with_history_and_private_messages()
    {
        await using HostProcess host = await HostProcess.StartAsync("--Chat:RateLimitMessages=0");
        await using TcpChatClient alice = await TcpChatClient.LoginAsync(host.Port, "alice");
        await using TcpChatClient bob = await TcpChatClient.LoginAsync(host.Port, "Bob");
        Assert.Equal("*** Bob joined lobby ***", await alice.ReadLineAsync());

        await alice.SendLineAsync("hello Bob");
        Assert.Matches(@"^\[\d\d:\d\d\] \[lobby\] alice: hello Bob$", await bob.ReadLineAsync());

        await alice.SendLineAsync("/join Dev");
        Assert.Equal("Joined room: Dev", await alice.ReadLineAsync());
        Assert.Equal("*** alice left to Dev ***", await bob.ReadLineAsync());
        await alice.SendLineAsync("/me builds");
        await alice.SendLineAsync("/who"); // its reply proves the /me was handled
        Assert.Equal("Users in Dev: alice", await alice.ReadLineAsync());

        await bob.SendLineAsync("/msg ALICE psst");
        Assert.Equal("[PM to alice]: psst", await bob.ReadLineAsync());
        Assert.Equal("[PM from Bob]: psst", await alice.ReadLineAsync());

        await bob.SendLineAsync("/join dev");
        Assert.Equal("Joined room: Dev", await bob.ReadLineAsync());
        Assert.Equal("=== Recent messages ===", await bob.ReadLineAsync());
        Assert.Matches(@"^\[\d\d:\d\d\] \[Dev\] \* alice builds$", await bob.ReadLineAsync());
        Assert.Equal("=== End of history ===", await bob.ReadLineAsync());
        Assert.Equal("*** Bob joined Dev ***", await alice.ReadLineAsync());

        await bob.SendLineAsync("/quit");
        Assert.Equal("Goodbye!", await bob.ReadLineAsync());
        await bob.ExpectClosedAsync();
        Assert.Equal("*** Bob left the chat ***", await alice.ReadLineAsync());
    }

    [Fact]
    public async Task A_line_of_a_megabyte_is_dropped_with_one_reply_and_the_session_goes_on()
    {
        await using HostProcess host = await HostProcess.StartAsync();
        await using TcpChatClient alice = await TcpChatClient.LoginAsync(host.Port, "alice");

        await alice.SendAsync(Enumerable.Repeat((byte)'x', 1024 * 1024).Append((byte)'\n').ToArray());
        Assert.Equal("Message too long (max 500 characters).", await alice.ReadLineAsync());

        await alice.SendLineAsync("/who");
        Assert.Equal("Users in lobby: alice", await alice.ReadLineAsync());
    }

    [Fact]
    public async Task A_client_that_never_reads_is_dropped_and_its_room_hears_why()
    {
        await using HostProcess host = await HostProcess.StartAsync("--Chat:RateLimitMessages=0", "--Chat:OutboxBytes=262144");
        await using TcpChatClient slow = await TcpChatClient.ConnectAsync(host.Port, receiveBufferBytes: 4096);
        await slow.ExpectAsync("Welcome! Enter your name: ");
        await slow.SendLineAsync("slow");
        await slow.ReadLineAsync(); // logged in; from now on it reads nothing
        await using TcpChatClient talker = await TcpChatClient.LoginAsync(host.Port, "talker");
        await using TcpChatClient reader = await TcpChatClient.LoginAsync(host.Port, "reader");
        Assert.Equal("*** reader joined lobby ***", await talker.ReadLineAsync());

        // Far more than the kernel's socket buffers and the outbox hold together, sent in
        // windows the reader keeps up with, as a live room would.
        string text = new('m', 480);
        var received = new List<int>();
        for (int sent = 0; ;)
        {
            for (int i = 0; i < 20; i++)
            {
                await talker.SendLineAsync($"{sent++} {text}");
            }
            string line;
            do
            {
                line = await reader.ReadLineAsync();
                if (line.Contains("talker: "))
                {
                    received.Add(int.Parse(line.Split("talker: ")[1].Split(' ')[0]));
                }
            }
            while (line != "*** slow left the chat (too slow) ***" && received[^1] != sent - 1);
            if (line == "*** slow left the chat (too slow) ***")
            {
                break;
            }
            Assert.True(sent < 100_000, "the slow client was never dropped");
        }
        // Nothing was lost or reordered for the reader while it kept reading.
        Assert.Equal(Enumerable.Range(0, received.Count), received);
        await talker.SendLineAsync("/who");
        await talker.ReadUntilAsync("Users in lobby: reader, talker");
    }

    [Fact]
    public async Task The_connection_limit_turns_the_next_client_away()
    {
        await using HostProcess host = await HostProcess.StartAsync("--Chat:MaxConnections=2");
        await using TcpChatClient first = await TcpChatClient.LoginAsync(host.Port, "first");
        await using TcpChatClient second = await TcpChatClient.ConnectAsync(host.Port);
        await second.ExpectAsync("Welcome! Enter your name: ");

        await using TcpChatClient third = await TcpChatClient.ConnectAsync(host.Port);
        Assert.Equal("Server is full. Try again later.", await third.ReadLineAsync());
        await third.ExpectClosedAsync();
    }

    [Fact]
    public async Task A_connection_that_never_names_itself_times_out()
    {
        await using HostProcess host = await HostProcess.StartAsync("--Chat:LoginTimeout=00:00:01");
        await using TcpChatClient idle = await TcpChatClient.ConnectAsync(host.Port);
        await idle.ExpectAsync("Welcome! Enter your name: ");
        Assert.Equal("Timed out.", await idle.ReadLineAsync());
        await idle.ExpectClosedAsync();
    }
}
