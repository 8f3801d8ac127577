using System.Threading.Channels;
using Chat.Client.Display;
using Chat.Client.Input;
using Chat.Client.Net;

namespace Chat.Client.Modes;

/// <summary>
/// The client in a terminal: one loop takes server lines, keys and quit requests in the
/// order they come and is the only one to touch the screen, so a line arriving mid-typing
/// is printed above the input line and never into it.
/// </summary>
internal sealed class InteractiveMode
{
    private readonly ChatConnection _connection;
    private readonly ITerminal _terminal;
    private readonly IKeySource _keys;
    private readonly string? _name;
    private readonly TimeSpan _goodbyeTimeout;
    private readonly LineEditor _editor = new();
    private readonly LineClassifier _classifier = new();
    private readonly Channel<Event> _events = Channel.CreateUnbounded<Event>();
    private string _prompt = "";
    private bool _nameSent;
    private bool _loggedIn;
    private string _user = "";
    private string _room = ServerWording.Lobby;
    private bool _quitting;

    public InteractiveMode(ChatConnection connection, ITerminal terminal, IKeySource keys, string? name, TimeSpan goodbyeTimeout)
    {
        _connection = connection;
        _terminal = terminal;
        _keys = keys;
        _name = name;
        _goodbyeTimeout = goodbyeTimeout;
    }

    private abstract record Event;

    private sealed record Received(ServerLine Line) : Event;

    private sealed record Closed : Event;

    private sealed record KeyPressed(ConsoleKeyInfo Key) : Event;

    private sealed record QuitRequested : Event;

    private sealed record GoodbyeOverdue : Event;

    private sealed record WindowResized : Event;

    private Palette Palette => _terminal.Palette;

    /// <summary>Runs until the user quits or the server closes; returns the exit code (0).</summary>
    public async Task<int> RunAsync(CancellationToken interrupt)
    {
        using var stop = new CancellationTokenSource();
        Task server = PumpServerAsync(stop.Token);
        Task keys = PumpKeysAsync(stop.Token);
        using CancellationTokenRegistration onInterrupt = interrupt.Register(() => Post(new QuitRequested()));
        Action onResize = () => Post(new WindowResized());
        _terminal.Resized += onResize;
        DrawInput();
        try
        {
            await foreach (Event next in _events.Reader.ReadAllAsync(CancellationToken.None))
            {
                if (await HandleAsync(next) is { } exitCode)
                {
                    return exitCode;
                }
            }
            return 0;
        }
        finally
        {
            _terminal.Resized -= onResize;
            _terminal.Write(Redraw.ClearRow);
            stop.Cancel();
            await Task.WhenAll(server, keys);
        }
    }

    private async Task<int?> HandleAsync(Event next)
    {
        switch (next)
        {
            case Received { Line.IsPrompt: true } prompt:
                await OnPromptAsync(prompt.Line.Text);
                return null;
            case Received received:
                return OnLine(received.Line.Text);
            case Closed:
                if (!_quitting)
                {
                    _terminal.Write(Redraw.Above("Server closed connection", LineStyle.Client, Palette));
                }
                return 0;
            case KeyPressed key:
                return await OnKeyAsync(key.Key);
            case QuitRequested:
                return await QuitAsync();
            case GoodbyeOverdue:
                return 0;
            case WindowResized:
                DrawInput(); // the row may now show more, or less, of the input
                return null;
            default:
                return null;
        }
    }

    private async Task OnPromptAsync(string prompt)
    {
        _prompt = prompt;
        if (_name is not null && !_nameSent)
        {
            // --name answers the first prompt; a rejected name is asked for again by hand.
            _nameSent = true;
            _terminal.Write(Redraw.Sent(_prompt, _name, Palette));
            await SubmitNameAsync(_name);
            return;
        }
        DrawInput();
    }

    private int? OnLine(string line)
    {
        LineStyle style = _classifier.Classify(line);
        if (ServerWording.Hello.Variable(line) is { } user && !_loggedIn)
        {
            _loggedIn = true;
            _user = user;
            _prompt = ChatPrompt();
        }
        else if (ServerWording.JoinedRoom.Variable(line) is { } room)
        {
            _room = room;
            _prompt = ChatPrompt();
        }
        _terminal.Write(Redraw.Incoming(_terminal.Width, _prompt, _editor.Text, _editor.Cursor, line, style, Palette));
        return _quitting && line == ServerWording.Goodbye ? 0 : null;
    }

    private async Task<int?> OnKeyAsync(ConsoleKeyInfo key)
    {
        EditorCommand command = KeyBindings.For(key);
        switch (command)
        {
            case EditorCommand.Submit:
                return await SubmitAsync();
            case EditorCommand.Interrupt:
                return await QuitAsync();
            case EditorCommand.EndOfInput when _editor.IsEmpty:
                return await QuitAsync();
            case EditorCommand.EndOfInput:
                command = EditorCommand.Delete;
                break;
        }
        if (_editor.Apply(command, key.KeyChar))
        {
            DrawInput();
        }
        return null;
    }

    private async Task<int?> SubmitAsync()
    {
        string line = _editor.Submit();
        _terminal.Write(Redraw.Sent(_prompt, line, Palette));
        if (ServerWording.IsQuit(line))
        {
            return await QuitAsync();
        }
        if (!_loggedIn)
        {
            await SubmitNameAsync(line);
            return null;
        }
        if (!string.IsNullOrWhiteSpace(line))
        {
            await SendAsync(line);
        }
        DrawInput();
        return null;
    }

    /// <summary>
    /// Sends an answer to the name prompt. The prompt is taken down until the server asks
    /// again or says hello: a row still showing it would look like the question still stood.
    /// </summary>
    private async Task SubmitNameAsync(string name)
    {
        _prompt = "";
        await SendAsync(name);
        DrawInput();
    }

    /// <summary>
    /// <c>/quit</c>, Ctrl+C and Ctrl+D all end here: send <c>/quit</c> and wait for
    /// <c>Goodbye!</c> (or the close), at most <see cref="_goodbyeTimeout"/>. Before login
    /// there is no one to say goodbye to; a second request stops waiting.
    /// </summary>
    private async Task<int?> QuitAsync()
    {
        if (!_loggedIn || _quitting)
        {
            return 0;
        }
        _quitting = true;
        await SendAsync(ServerWording.Quit);
        _ = Task.Delay(_goodbyeTimeout).ContinueWith(_ => Post(new GoodbyeOverdue()), TaskScheduler.Default);
        return null;
    }

    private string ChatPrompt() => $"[{_room}] {_user}> ";

    private void DrawInput() =>
        _terminal.Write(Redraw.InputLine(_terminal.Width, _prompt, _editor.Text, _editor.Cursor, Palette));

    private async Task SendAsync(string line)
    {
        try
        {
            await _connection.SendLineAsync(line);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            // The connection is gone; the read side reports it as closed.
        }
    }

    private void Post(Event next) => _events.Writer.TryWrite(next);

    private async Task PumpServerAsync(CancellationToken stop)
    {
        try
        {
            while (await _connection.ReadAsync(stop) is { } line)
            {
                Post(new Received(line));
            }
            Post(new Closed());
        }
        catch (OperationCanceledException)
        {
            // The client is exiting.
        }
    }

    private async Task PumpKeysAsync(CancellationToken stop)
    {
        try
        {
            while (await _keys.ReadKeyAsync(stop) is { } key)
            {
                Post(new KeyPressed(key));
            }
            Post(new QuitRequested()); // the terminal is gone: like Ctrl+D
        }
        catch (OperationCanceledException)
        {
            // The client is exiting.
        }
    }
}
