using System.Text;

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

    [Theory]
    [InlineData(new string[0], 8, 0)]                             // the default burst: paced, all 8 arrive
    [InlineData(new[] { "--Chat:RateLimitBurst=0" }, 5, 3)]       // v1: the rate's 5, then 3 refusals
    public async Task A_pasted_screenful_arrives_whole_at_the_default_rate(string[] settings, int delivered, int refused)
    {
        await using HostProcess host = await HostProcess.StartAsync(settings);
        await using TcpChatClient alice = await TcpChatClient.LoginAsync(host.Port, "alice");
        await using TcpChatClient bob = await TcpChatClient.LoginAsync(host.Port, "bob");
        Assert.Equal("*** bob joined lobby ***", await alice.ReadLineAsync());
        string[] paste = Enumerable.Range(1, 8).Select(i => $"line {i}").ToArray();

        await alice.SendAsync(Encoding.UTF8.GetBytes(string.Concat(paste.Select(l => l + "\n"))));
        await alice.SendLineAsync("/quit"); // never paced itself, but it takes its turn

        for (int i = 0; i < refused; i++)
        {
            Assert.Equal("Rate limit exceeded. Slow down.", await alice.ReadLineAsync());
        }
        Assert.Equal("Goodbye!", await alice.ReadLineAsync());
        List<string> heard = await bob.ReadUntilAsync("*** alice left the chat ***");
        Assert.Equal(paste[..delivered].Select(l => $"[lobby] alice: {l}"), heard.Select(l => l["[HH:MM] ".Length..]));
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
    public async Task A_client_that_never_reads_is_dropped_soon_after_its_outbox_fills_and_its_room_hears_why()
    {
        // The default 1 MiB outbox: the kernel must not hide megabytes more behind it.
        await using HostProcess host = await HostProcess.StartAsync("--Chat:RateLimitMessages=0");
        await using TcpChatClient slow = await TcpChatClient.ConnectAsync(host.Port, receiveBufferBytes: 4096);
        await slow.ExpectAsync("Welcome! Enter your name: ");
        await slow.SendLineAsync("slow");
        await slow.ReadLineAsync(); // logged in; from now on it reads nothing
        await using TcpChatClient talker = await TcpChatClient.LoginAsync(host.Port, "talker");
        await using TcpChatClient reader = await TcpChatClient.LoginAsync(host.Port, "reader");
        Assert.Equal("*** reader joined lobby ***", await talker.ReadLineAsync());

        // Sent in windows the reader keeps up with, as a live room would. What can wait for the
        // slow one: its 1 MiB outbox, the 512 KiB the kernel is allowed, the pipe's 64 KiB and
        // its own 4 KiB receive buffer; left to autotune, the kernel alone would take 4 MiB.
        const long dropBy = 3L * 1024 * 1024;
        string text = new('m', 480);
        var received = new List<int>();
        long sentBytes = 0;
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
                    sentBytes += Encoding.UTF8.GetByteCount(line) + 1; // what the slow one was sent too
                }
            }
            while (line != "*** slow left the chat (too slow) ***" && received[^1] != sent - 1);
            if (line == "*** slow left the chat (too slow) ***")
            {
                break;
            }
            Assert.True(sentBytes < dropBy, $"the slow client was still connected after {sentBytes:N0} bytes were sent to it");
        }
        Assert.True(sentBytes > 1024 * 1024, $"dropped after only {sentBytes:N0} bytes, within its outbox");
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
