using Chat.Client;
using Chat.Client.Display;
using Chat.Client.Modes;
using Chat.Tests.Support;

namespace Chat.Tests.Client;

/// <summary>The client in a (fake) terminal against a real server: keys in, screen out.</summary>
public class InteractiveModeTests
{
    private const string Clear = "\r\u001b[K";

    private sealed class Session(FakeTerminal terminal, ScriptedKeys keys, Task<int> exit, CancellationTokenSource interrupt)
    {
        public FakeTerminal Terminal => terminal;

        public ScriptedKeys Keys => keys;

        public Task<int> Exit => exit;

        public void Interrupt() => interrupt.Cancel();
    }

    private static Session Start(LoopbackChatServer server, string? name, Palette? palette = null)
    {
        var terminal = new FakeTerminal(80, palette);
        var keys = new ScriptedKeys();
        var interrupt = new CancellationTokenSource();
        var options = new ClientOptions { Host = server.Host, Port = server.Port, Name = name };
        var console = new ClientConsole(TextReader.Null, new WatchedWriter(), new WatchedWriter(), terminal, keys);
        return new Session(terminal, keys, ClientApp.RunAsync(options, console, interrupt.Token), interrupt);
    }

    [Fact]
    public async Task A_line_that_arrives_mid_typing_goes_above_and_the_half_typed_line_is_redrawn()
    {
        await using var server = new LoopbackChatServer();
        await using ChatPeer bob = await ChatPeer.LoginAsync(server, "bob");
        Session alice = Start(server, "alice");
        await alice.Terminal.WaitForAsync("[lobby] alice> ");
        alice.Keys.Type("half typed");
        alice.Keys.Press(ConsoleKey.LeftArrow);
        alice.Keys.Press(ConsoleKey.LeftArrow);
        alice.Keys.Press(ConsoleKey.LeftArrow);
        int typed = await alice.Terminal.WaitForAsync(Clear + "[lobby] alice> half typed\r\u001b[22C");

        await bob.SayAsync("hello alice");

        // The message replaces the input row, then the input row comes back, cursor and all.
        await alice.Terminal.WaitForAsync("] [lobby] bob: hello alice\r\n" + Clear + "[lobby] alice> half typed\r\u001b[22C", typed);
        alice.Keys.Enter();
        await bob.ExpectAsync(l => l.Text.EndsWith("] [lobby] alice: half typed", StringComparison.Ordinal));
        await alice.Terminal.WaitForAsync(Clear + "[lobby] alice> half typed\r\n", typed);
        alice.Keys.CtrlC();
        Assert.Equal(0, await alice.Exit.DefaultTimeout());
    }

    [Fact]
    public async Task A_taken_name_shows_the_reason_and_asks_again()
    {
        await using var server = new LoopbackChatServer();
        await using ChatPeer bob = await ChatPeer.LoginAsync(server, "bob");
        Session client = Start(server, "BOB");

        // The name goes in on the prompt's row, and the prompt is down until the server answers.
        int sent = await client.Terminal.WaitForAsync("Welcome! Enter your name: BOB\r\n" + Clear + "\r");
        int rejected = await client.Terminal.WaitForAsync(Clear + "Name already taken.\r\n" + Clear + "\r", sent);
        int asked = await client.Terminal.WaitForAsync(Clear + "Enter your name: \r\u001b[17C", rejected);
        client.Keys.Type("alice");
        client.Keys.Enter();

        await client.Terminal.WaitForAsync(Clear + "Enter your name: alice\r\n", asked);
        await client.Terminal.WaitForAsync("Hello, alice! You can start chatting. Type /help for commands.\r\n" + Clear + "[lobby] alice> ", asked);
        client.Keys.Type("/quit");
        client.Keys.Enter();
        Assert.Equal(0, await client.Exit.DefaultTimeout());
        Assert.EndsWith("Goodbye!\r\n" + Clear + "[lobby] alice> \r\u001b[15C" + Clear, client.Terminal.Output);
        await bob.ExpectAsync("*** alice left the chat ***");
    }

    [Fact]
    public async Task Ctrl_C_says_quit_and_waits_for_Goodbye()
    {
        await using var server = new LoopbackChatServer();
        await using ChatPeer bob = await ChatPeer.LoginAsync(server, "bob");
        Session client = Start(server, "carol");
        await client.Terminal.WaitForAsync("[lobby] carol> ");

        client.Interrupt(); // SIGINT; in a real terminal Ctrl+C is a key, tested below

        Assert.Equal(0, await client.Exit.DefaultTimeout());
        Assert.Contains("Goodbye!\r\n", client.Terminal.Output);
        await bob.ExpectAsync("*** carol left the chat ***");
    }

    [Fact]
    public async Task Ctrl_D_deletes_under_the_cursor_and_quits_on_an_empty_line()
    {
        await using var server = new LoopbackChatServer();
        Session client = Start(server, "dave");
        await client.Terminal.WaitForAsync("[lobby] dave> ");
        client.Keys.Type("ab");
        client.Keys.Press(ConsoleKey.Home);
        client.Keys.CtrlD();
        int deleted = await client.Terminal.WaitForAsync(Clear + "[lobby] dave> b\r\u001b[14C");
        client.Keys.CtrlD();
        await client.Terminal.WaitForAsync(Clear + "[lobby] dave> \r\u001b[14C", deleted);

        client.Keys.CtrlD();

        Assert.Equal(0, await client.Exit.DefaultTimeout());
        Assert.Contains("Goodbye!\r\n", client.Terminal.Output);
    }

    [Fact]
    public async Task Up_and_Down_bring_back_earlier_lines()
    {
        await using var server = new LoopbackChatServer();
        Session client = Start(server, "erin");
        await client.Terminal.WaitForAsync("[lobby] erin> ");
        client.Keys.Type("/who");
        client.Keys.Enter();
        int answered = await client.Terminal.WaitForAsync("Users in lobby: erin\r\n");

        client.Keys.Type("dra");
        client.Keys.Press(ConsoleKey.UpArrow);
        int recalled = await client.Terminal.WaitForAsync(Clear + "[lobby] erin> /who\r\u001b[18C", answered);
        client.Keys.Press(ConsoleKey.DownArrow);
        await client.Terminal.WaitForAsync(Clear + "[lobby] erin> dra\r\u001b[17C", recalled);

        client.Keys.CtrlC();
        Assert.Equal(0, await client.Exit.DefaultTimeout());
    }

    [Fact]
    public async Task Private_messages_and_errors_wear_their_colours_and_join_changes_the_prompt()
    {
        await using var server = new LoopbackChatServer();
        await using ChatPeer bob = await ChatPeer.LoginAsync(server, "bob");
        Session client = Start(server, "frank", Palette.Colour);
        await client.Terminal.WaitForAsync("[lobby] frank> ");

        await bob.SayAsync("/msg frank psst");
        await client.Terminal.WaitForAsync("\u001b[1;35m[PM from bob]: psst\u001b[0m\r\n");
        client.Keys.Type("/nope");
        client.Keys.Enter();
        await client.Terminal.WaitForAsync("\u001b[1;31mUnknown command: /nope. Type /help for help.\u001b[0m\r\n");
        client.Keys.Type("/join dev");
        client.Keys.Enter();
        await client.Terminal.WaitForAsync("\u001b[32mJoined room: dev\u001b[0m\r\n" + Clear + "\u001b[1m[dev] frank> \u001b[0m");

        client.Keys.CtrlC();
        Assert.Equal(0, await client.Exit.DefaultTimeout());
    }

    [Fact]
    public async Task A_resized_window_gets_the_input_row_drawn_for_its_new_width()
    {
        await using var server = new LoopbackChatServer();
        Session client = Start(server, "hana");
        await client.Terminal.WaitForAsync("[lobby] hana> ");
        client.Keys.Type("0123456789");
        int typed = await client.Terminal.WaitForAsync(Clear + "[lobby] hana> 0123456789\r\u001b[24C");

        client.Terminal.Resize(20);

        // 19 usable columns: the 14-column prompt leaves 5, so the text scrolls.
        await client.Terminal.WaitForAsync(Clear + "[lobby] hana> <6789\r\u001b[19C", typed);
        client.Keys.CtrlC();
        Assert.Equal(0, await client.Exit.DefaultTimeout());
    }

    [Fact]
    public async Task When_the_server_closes_the_client_says_so_and_exits_0()
    {
        await using var server = new LoopbackChatServer();
        Session client = Start(server, "gina");
        await client.Terminal.WaitForAsync("[lobby] gina> ");

        await server.ShutdownAsync();

        Assert.Equal(0, await client.Exit.DefaultTimeout());
        Assert.EndsWith("*** Server is shutting down ***\r\n" + Clear + "[lobby] gina> \r\u001b[14C" + Clear + "Server closed connection\r\n" + Clear, client.Terminal.Output);
    }

    [Fact]
    public async Task Ctrl_C_at_the_name_prompt_just_leaves()
    {
        await using var server = new LoopbackChatServer();
        Session client = Start(server, name: null);
        await client.Terminal.WaitForAsync("Welcome! Enter your name: ");

        client.Keys.CtrlC();

        Assert.Equal(0, await client.Exit.DefaultTimeout());
    }
}
