using System.Net;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text;
using Chat.Tests.EndToEnd;
using Chat.Tests.Support;

namespace Chat.Tests.Web;

/// <summary>The web door (PROTOCOL.md "The web door") against the real host in this process.</summary>
public sealed class WebDoorTests
{
    [Fact]
    public async Task A_web_user_and_a_line_user_talk_in_the_lobby()
    {
        await using WebDoorHost host = await WebDoorHost.StartAsync();
        await using WebClient alice = await WebClient.LoginAsync(host.Web, "alice");
        await using TcpChatClient bob = await TcpChatClient.LoginAsync(host.LinePort, "bob");
        await alice.ExpectAsync("*** bob joined lobby ***");

        await alice.SendAsync(new { type = "say", text = "hi bob" });
        Assert.EndsWith("[lobby] alice: hi bob", await bob.ReadLineAsync());
        await bob.SendLineAsync("hi alice");
        Assert.EndsWith("[lobby] bob: hi alice", await alice.ExpectAsync("bob: hi alice"));

        await alice.SendAsync(new { type = "me", text = "waves" });
        Assert.EndsWith("[lobby] * alice waves", await bob.ReadLineAsync());
        await alice.SendAsync(new { type = "msg", to = "bob", text = "psst" });
        Assert.Equal("[PM from alice]: psst", await bob.ReadLineAsync());
        await alice.SendAsync(new { type = "say", text = "/not a command" });
        Assert.EndsWith("[lobby] alice: /not a command", await bob.ReadLineAsync());
    }

    [Fact]
    public async Task A_field_cannot_smuggle_a_second_line_and_markup_stays_text()
    {
        await using WebDoorHost host = await WebDoorHost.StartAsync();
        await using WebClient alice = await WebClient.LoginAsync(host.Web, "alice");
        await using TcpChatClient bob = await TcpChatClient.LoginAsync(host.LinePort, "bob");
        await alice.ExpectAsync("*** bob joined lobby ***");

        await alice.SendAsync(new { type = "say", text = "one\n/quit\r\n<img src=x onerror=alert(1)>" });
        Assert.EndsWith("[lobby] alice: one /quit  <img src=x onerror=alert(1)>", await bob.ReadLineAsync());
        await alice.SendAsync(new { type = "who" });
        Assert.StartsWith("Users in lobby: ", await alice.ExpectAsync("Users in lobby: "));
    }

    [Fact]
    public async Task Joining_a_room_replays_its_history()
    {
        await using WebDoorHost host = await WebDoorHost.StartAsync();
        await using TcpChatClient bob = await TcpChatClient.LoginAsync(host.LinePort, "bob");
        await bob.SendLineAsync("/join den");
        await bob.SendLineAsync("before you came");
        await bob.SendLineAsync("/who"); // answered after the message is in the room
        while (!(await bob.ReadLineAsync()).StartsWith("Users in den: ", StringComparison.Ordinal))
        {
        }
        await using WebClient alice = await WebClient.LoginAsync(host.Web, "alice");
        await alice.SendAsync(new { type = "join", room = "den" });
        await alice.ExpectAsync("=== Recent messages ===");
        Assert.EndsWith("[den] bob: before you came", await alice.ExpectAsync("before you came"));
        await alice.ExpectAsync("=== End of history ===");
    }

    [Fact]
    public async Task An_unknown_command_gets_an_error_and_the_session_goes_on()
    {
        await using WebDoorHost host = await WebDoorHost.StartAsync();
        await using WebClient alice = await WebClient.LoginAsync(host.Web, "alice");
        await alice.SendRawAsync("{\"type\":\"dance\"}"u8.ToArray());
        Assert.Equal(("error", "unknown command or missing field: dance"), await alice.ReceiveAsync());
        await alice.SendRawAsync("not json"u8.ToArray());
        Assert.Equal(("error", "not JSON"), await alice.ReceiveAsync());
        await alice.SendAsync(new { type = "quit" });
        await alice.ExpectAsync("Goodbye!");
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await alice.ClosedAsync());
    }

    [Fact]
    public async Task An_oversized_message_is_closed_with_1009()
    {
        await using WebDoorHost host = await WebDoorHost.StartAsync("--Chat:MaxLineBytes=100");
        await using WebClient alice = await WebClient.ConnectAsync(host.Web);
        await alice.SendAsync(new { type = "login", name = new string('a', 1000) });
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await alice.ClosedAsync());
    }

    [Fact]
    public async Task Text_that_is_not_utf8_is_closed_with_1007()
    {
        await using WebDoorHost host = await WebDoorHost.StartAsync();
        await using WebClient alice = await WebClient.ConnectAsync(host.Web);
        await alice.SendRawAsync([(byte)'{', 0xC3, 0x28, (byte)'}']);
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, await alice.ClosedAsync());
    }

    [Fact]
    public async Task A_foreign_origin_is_refused_unless_allowed()
    {
        await using WebDoorHost host = await WebDoorHost.StartAsync("--Chat:AllowedOrigins=https://friend.example");
        WebSocketException refused = await Assert.ThrowsAsync<WebSocketException>(() => WebClient.ConnectAsync(host.Web, "https://evil.example"));
        Assert.Contains("403", refused.Message, StringComparison.Ordinal);
        await using WebClient own = await WebClient.ConnectAsync(host.Web, $"http://{host.Web.Authority}");
        await own.ExpectAsync("Enter your name: ");
        await using WebClient friend = await WebClient.ConnectAsync(host.Web, "https://friend.example");
        await friend.ExpectAsync("Enter your name: ");
    }

    [Fact]
    public async Task Web_connections_count_against_the_per_address_limit()
    {
        await using WebDoorHost host = await WebDoorHost.StartAsync("--Chat:MaxConnectionsPerIp=1");
        await using WebClient first = await WebClient.ConnectAsync(host.Web);
        await first.ExpectAsync("Enter your name: ");
        WebSocketException refused = await Assert.ThrowsAsync<WebSocketException>(() => WebClient.ConnectAsync(host.Web));
        Assert.Contains("429", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_readiness_metrics_and_the_client_page_are_served()
    {
        await using WebDoorHost host = await WebDoorHost.StartAsync();
        await using (WebClient alice = await WebClient.LoginAsync(host.Web, "alice"))
        {
            await alice.SendAsync(new { type = "say", text = "counted" });
            await alice.SendAsync(new { type = "who" }); // answered after the message is counted
            await alice.ExpectAsync("Users in lobby: ");
        }
        using var http = new HttpClient { BaseAddress = host.Web, Timeout = TimeSpan.FromSeconds(10) };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz").DefaultTimeout()).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz").DefaultTimeout()).StatusCode);
        HttpResponseMessage metrics = await http.GetAsync("/metrics").DefaultTimeout();
        Assert.Equal("text/plain", metrics.Content.Headers.ContentType!.MediaType);
        string text = await metrics.Content.ReadAsStringAsync().DefaultTimeout();
        Assert.Contains("# TYPE chat_logins_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("\nchat_logins_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nchat_messages_received_total 1\n", text, StringComparison.Ordinal);

        HttpResponseMessage page = await http.GetAsync("/").DefaultTimeout();
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        string html = await page.Content.ReadAsStringAsync().DefaultTimeout();
        Assert.Contains("new WebSocket(", html, StringComparison.Ordinal);
        Assert.DoesNotContain("innerHTML", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_prints_where_the_web_door_listens_after_the_line_door()
    {
        await using HostProcess host = await HostProcess.StartAsync("--Chat:WebPort=0");
        int port = await host.DoorPortAsync("web");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal("ok\n", await http.GetStringAsync($"http://127.0.0.1:{port}/healthz").DefaultTimeout());

        // Kestrel runs inside the chat host: one host's start-up lines, no second "Now listening on".
        Assert.Equal(0, await host.TerminateAsync());
        string[] lines = host.StandardOutput.Split('\n');
        Assert.Single(lines, l => l.Contains("Application started.", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("Application is shutting down", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("Now listening on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_web_port_in_use_stops_the_host_with_one_line()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var (exitCode, stderr, stdout) = await HostProcess.RunToExitAsync([$"--Chat:WebPort={port}"]);
        Assert.Equal(1, exitCode);
        Assert.Equal($"Cannot listen on 127.0.0.1:{port}: Chat:WebPort {port} is in use.", stderr);
        Assert.DoesNotContain("Listening on", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Chat:WebPort=x", "Invalid setting Chat:WebPort: x is not a whole number.")]
    [InlineData("--Chat:AllowedOrigins=evil.example", "Invalid setting Chat:AllowedOrigins: evil.example is not an origin such as https://chat.example.org.")]
    public async Task A_bad_web_setting_stops_the_host_naming_its_key(string setting, string error)
    {
        var (exitCode, stderr, _) = await HostProcess.RunToExitAsync([setting]);
        Assert.Equal(1, exitCode);
        Assert.Equal(error, stderr);
    }
}
