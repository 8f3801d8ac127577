using System.Net.Security;
using System.Net.Sockets;

namespace Chat.Tests.EndToEnd;

/// <summary>Clients that are not chat users, or want more than their share, through the real host.</summary>
public sealed class HostileClientTests
{
    [Fact]
    public async Task One_address_past_its_share_is_told_why_and_closed_while_others_go_on()
    {
        await using HostProcess host = await HostProcess.StartAsync("--Chat:MaxConnectionsPerIp=2");
        await using TcpChatClient first = await TcpChatClient.LoginAsync(host.Port, "first");
        await using TcpChatClient second = await TcpChatClient.ConnectAsync(host.Port);
        await second.ExpectAsync("Welcome! Enter your name: ");

        await using TcpChatClient third = await TcpChatClient.ConnectAsync(host.Port);
        Assert.Equal("Too many connections from your address.", await third.ReadLineAsync());
        await third.ExpectClosedAsync();

        await first.SendLineAsync("/quit");
        Assert.Equal("Goodbye!", await first.ReadLineAsync());
        await first.ExpectClosedAsync();
        // The slot is given back once the server has closed the connection; the client may see
        // the close a moment before the server's books do, and nothing it can await says when.
        var deadline = DateTime.UtcNow + TcpChatClient.Timeout;
        while (true)
        {
            await using TcpChatClient fourth = await TcpChatClient.ConnectAsync(host.Port);
            if (await fourth.ReadPromptOrLineAsync() == "Welcome! Enter your name: ")
            {
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, "the slot of a closed connection was never given back");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task An_http_request_gets_one_line_explaining_and_is_closed()
    {
        await using HostProcess host = await HostProcess.StartAsync();
        await using TcpChatClient browser = await TcpChatClient.ConnectAsync(host.Port);

        await browser.SendAsync("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"u8.ToArray());

        await browser.ExpectAsync("Welcome! Enter your name: ");
        Assert.Equal("This is a chat server, not a web server: connect with telnet or nc.", await browser.ReadLineAsync());
        await browser.ExpectClosedAsync();
    }

    [Fact]
    public async Task A_tls_client_hello_is_closed_and_the_server_keeps_serving()
    {
        await using HostProcess host = await HostProcess.StartAsync();
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync("127.0.0.1", host.Port).WaitAsync(TcpChatClient.Timeout);
            await using var tls = new SslStream(tcp.GetStream());
            var handshake = tls.AuthenticateAsClientAsync("localhost").WaitAsync(TcpChatClient.Timeout);
            await Assert.ThrowsAnyAsync<Exception>(() => handshake); // not a TimeoutException: closed at once
            Assert.IsNotType<TimeoutException>(handshake.Exception?.InnerException);
        }

        await using TcpChatClient alice = await TcpChatClient.LoginAsync(host.Port, "alice");
    }
}
