using Chat.Client;
using Chat.Client.Modes;
using Chat.Tests.Support;

namespace Chat.Tests.Client;

/// <summary>The client with stdin and stdout redirected: a line pump for scripts.</summary>
public class PipeModeTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private static ClientOptions Options(LoopbackChatServer server, string? name = null) =>
        new() { Host = server.Host, Port = server.Port, Name = name, QuietPeriod = Quiet };

    private static string[] Lines(WatchedWriter output) =>
        output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task A_script_logs_in_runs_a_command_and_exits_once_the_server_is_quiet()
    {
        await using var server = new LoopbackChatServer();
        var output = new WatchedWriter();
        var error = new WatchedWriter();

        int exit = await ClientApp.RunAsync(Options(server, "alice"), new ClientConsole(new StringReader("/list\n"), output, error), CancellationToken.None).DefaultTimeout();

        Assert.Equal(0, exit);
        Assert.Equal(
            ["Welcome! Enter your name: ", "Hello, alice! You can start chatting. Type /help for commands.", "Online users: alice (lobby)"],
            Lines(output));
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public async Task Quit_in_the_input_waits_for_Goodbye_and_exits_without_complaint()
    {
        await using var server = new LoopbackChatServer();
        var output = new WatchedWriter();
        var error = new WatchedWriter();

        int exit = await ClientApp.RunAsync(Options(server), new ClientConsole(new StringReader("bob\n/QUIT\n"), output, error), CancellationToken.None).DefaultTimeout();

        Assert.Equal(0, exit);
        Assert.Equal(
            ["Welcome! Enter your name: ", "Hello, bob! You can start chatting. Type /help for commands.", "Goodbye!"],
            Lines(output));
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public async Task Lines_go_both_ways_and_Ctrl_C_leaves_like_quit()
    {
        await using var server = new LoopbackChatServer();
        await using ChatPeer carol = await ChatPeer.LoginAsync(server, "carol");
        var input = new OpenInput();
        var output = new WatchedWriter();
        using var interrupt = new CancellationTokenSource();

        Task<int> dave = ClientApp.RunAsync(Options(server, "dave"), new ClientConsole(input, output, new WatchedWriter()), interrupt.Token);
        await carol.ExpectAsync("*** dave joined lobby ***");
        input.Send("hi carol");
        await carol.ExpectAsync(l => l.Text.EndsWith("] [lobby] dave: hi carol", StringComparison.Ordinal));
        await carol.SayAsync("hi dave");
        await output.WaitForAsync("] [lobby] carol: hi dave\n");
        interrupt.Cancel();

        Assert.Equal(0, await dave.DefaultTimeout());
        Assert.EndsWith("Goodbye!\n", output.ToString());
        await carol.ExpectAsync("*** dave left the chat ***");
    }

    [Fact]
    public async Task A_taken_name_is_reported_and_the_next_input_line_is_tried()
    {
        await using var server = new LoopbackChatServer();
        await using ChatPeer taken = await ChatPeer.LoginAsync(server, "erin");
        var output = new WatchedWriter();

        int exit = await ClientApp.RunAsync(Options(server, "Erin"), new ClientConsole(new StringReader("erin2\n"), output, new WatchedWriter()), CancellationToken.None).DefaultTimeout();

        Assert.Equal(0, exit);
        Assert.Equal(
            ["Welcome! Enter your name: ", "Name already taken.", "Enter your name: ", "Hello, erin2! You can start chatting. Type /help for commands."],
            Lines(output));
    }

    [Fact]
    public async Task When_the_server_closes_the_client_says_so_on_stderr_and_exits_0()
    {
        await using var server = new LoopbackChatServer();
        var input = new OpenInput();
        var output = new WatchedWriter();
        var error = new WatchedWriter();

        Task<int> client = ClientApp.RunAsync(Options(server, "frank"), new ClientConsole(input, output, error), CancellationToken.None);
        await output.WaitForAsync("Hello, frank!");
        await server.ShutdownAsync();

        Assert.Equal(0, await client.DefaultTimeout());
        Assert.EndsWith("*** Server is shutting down ***\n", output.ToString());
        Assert.Equal("Server closed connection" + Environment.NewLine, error.ToString());
    }
}
