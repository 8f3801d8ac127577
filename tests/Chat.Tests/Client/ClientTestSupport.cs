using System.Text;
using System.Threading.Channels;
using Chat.Client.Display;
using Chat.Client.Modes;
using Chat.Client.Net;
using Chat.Tests.Support;

namespace Chat.Tests.Client;

/// <summary>Text written by the client from any thread, which a test can wait on.</summary>
internal sealed class WatchedText
{
    private readonly StringBuilder _written = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Text
    {
        get
        {
            lock (_gate)
            {
                return _written.ToString();
            }
        }
    }

    public void Append(string text)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _written.Append(text);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.SetResult();
    }

    /// <summary>Waits until <paramref name="text"/> appears at or after <paramref name="from"/>; returns where it ends.</summary>
    public async Task<int> WaitForAsync(string text, int from = 0)
    {
        using var deadline = new CancellationTokenSource(TimeoutExtensions.DefaultTimeoutSpan);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                int at = _written.ToString().IndexOf(text, Math.Min(from, _written.Length), StringComparison.Ordinal);
                if (at >= 0)
                {
                    return at + text.Length;
                }
                changed = _changed.Task;
            }
            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Never saw \"{text}\" in:\n{Text}");
            }
        }
    }
}

/// <summary>A terminal that records what the client writes.</summary>
internal sealed class FakeTerminal(int width = 80, Palette? palette = null) : ITerminal
{
    public WatchedText Screen { get; } = new();

    public int Width { get; set; } = width;

    public Palette Palette { get; } = palette ?? Palette.Plain;

    public string Output => Screen.Text;

    public event Action? Resized;

    public void Write(string text) => Screen.Append(text);

    public void Resize(int width)
    {
        Width = width;
        Resized?.Invoke();
    }

    public Task<int> WaitForAsync(string text, int from = 0) => Screen.WaitForAsync(text, from);
}

/// <summary>Standard output or error, watched.</summary>
internal sealed class WatchedWriter : TextWriter
{
    public WatchedText Written { get; } = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Written.Append(value.ToString());

    public override void Write(string? value) => Written.Append(value ?? "");

    public override void Write(char[] buffer, int index, int count) => Written.Append(new string(buffer, index, count));

    public override Task WriteLineAsync(string? value)
    {
        Written.Append(value + NewLine);
        return Task.CompletedTask;
    }

    public Task<int> WaitForAsync(string text, int from = 0) => Written.WaitForAsync(text, from);

    public override string ToString() => Written.Text;
}

/// <summary>Keys typed by the test.</summary>
internal sealed class ScriptedKeys : IKeySource
{
    private readonly Channel<ConsoleKeyInfo> _keys = Channel.CreateUnbounded<ConsoleKeyInfo>();

    public void Type(string text)
    {
        foreach (char c in text)
        {
            _keys.Writer.TryWrite(new ConsoleKeyInfo(c, ConsoleKey.NoName, shift: false, alt: false, control: false));
        }
    }

    public void Press(ConsoleKey key, char keyChar = '\0', bool control = false) =>
        _keys.Writer.TryWrite(new ConsoleKeyInfo(keyChar, key, shift: false, alt: false, control: control));

    public void Enter() => Press(ConsoleKey.Enter, '\r');

    public void CtrlC() => Press(ConsoleKey.C, '\u0003', control: true);

    public void CtrlD() => Press(ConsoleKey.D, '\u0004', control: true);

    public void End() => _keys.Writer.TryComplete();

    public async ValueTask<ConsoleKeyInfo?> ReadKeyAsync(CancellationToken cancellationToken) =>
        await _keys.Reader.WaitToReadAsync(cancellationToken) && _keys.Reader.TryRead(out ConsoleKeyInfo key) ? key : null;
}

/// <summary>Standard input that ends only when the test says so, like a pipe held open.</summary>
internal sealed class OpenInput : TextReader
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    public void Send(string line) => _lines.Writer.TryWrite(line);

    public void Finish() => _lines.Writer.TryComplete();

    public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) =>
        await _lines.Reader.WaitToReadAsync(cancellationToken) && _lines.Reader.TryRead(out string? line) ? line : null;

    public override Task<string?> ReadLineAsync() => ReadLineAsync(CancellationToken.None).AsTask();
}

/// <summary>Another user in the room, driven line by line by the test.</summary>
internal sealed class ChatPeer : IAsyncDisposable
{
    private readonly ChatConnection _connection;

    private ChatPeer(ChatConnection connection) => _connection = connection;

    public static async Task<ChatPeer> LoginAsync(LoopbackChatServer server, string name)
    {
        ChatConnection connection = await ChatConnection.ConnectAsync(server.Host, server.Port, TimeoutExtensions.DefaultTimeoutSpan, CancellationToken.None).DefaultTimeout();
        var peer = new ChatPeer(connection);
        await peer.ExpectAsync(l => l.IsPrompt);
        await peer.SayAsync(name);
        await peer.ExpectAsync(l => l.Text.StartsWith($"Hello, {name}!", StringComparison.Ordinal));
        return peer;
    }

    public Task SayAsync(string line) => _connection.SendLineAsync(line).DefaultTimeout();

    /// <summary>Reads lines until one matches; fails on close or timeout.</summary>
    public async Task<ServerLine> ExpectAsync(Func<ServerLine, bool> match)
    {
        while (true)
        {
            ServerLine line = await _connection.ReadAsync().DefaultTimeout() ?? throw new InvalidOperationException("the server closed the connection");
            if (match(line))
            {
                return line;
            }
        }
    }

    public Task<ServerLine> ExpectAsync(string text) => ExpectAsync(l => l.Text == text);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
