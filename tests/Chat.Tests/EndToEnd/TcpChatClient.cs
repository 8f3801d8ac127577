using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Chat.Tests.EndToEnd;

/// <summary>A chat user over a real loopback socket, reading the server's bytes as they come.</summary>
internal sealed class TcpChatClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private byte[] _received = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _closed;

    private TcpChatClient(Socket socket)
    {
        _socket = socket;
    }

    /// <summary>Connects to <paramref name="address"/> (127.0.0.1 unless given).</summary>
    public static async Task<TcpChatClient> ConnectAsync(int port, int receiveBufferBytes = 0, IPAddress? address = null)
    {
        address ??= IPAddress.Loopback;
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBufferBytes > 0)
        {
            socket.ReceiveBufferSize = receiveBufferBytes;
        }
        await socket.ConnectAsync(address, port).WaitAsync(Timeout);
        return new TcpChatClient(socket);
    }

    /// <summary>Connects and logs in as <paramref name="name"/>, reading through the greeting line.</summary>
    public static async Task<TcpChatClient> LoginAsync(int port, string name, IPAddress? address = null)
    {
        TcpChatClient client = await ConnectAsync(port, address: address);
        await client.ExpectAsync("Welcome! Enter your name: ");
        await client.SendLineAsync(name);
        Assert.Equal($"Hello, {name}! You can start chatting. Type /help for commands.", await client.ReadLineAsync());
        return client;
    }

    public Task SendLineAsync(string line) => SendAsync(Encoding.UTF8.GetBytes(line + "\n"));

    public async Task SendAsync(byte[] bytes) => await _socket.SendAsync(bytes, SocketFlags.None).WaitAsync(Timeout);

    /// <summary>The next LF-terminated line, without its LF.</summary>
    public async Task<string> ReadLineAsync()
    {
        string? line = await ReadLineOrNullAsync();
        Assert.True(line is not null, $"connection closed; unread: '{Encoding.UTF8.GetString(Pending)}'");
        return line;
    }

    /// <summary>The next LF-terminated line, or null once the server has closed (or reset) the connection.</summary>
    public async Task<string?> ReadLineOrNullAsync()
    {
        while (true)
        {
            int lf = Pending.IndexOf((byte)'\n');
            if (lf >= 0)
            {
                string line = Encoding.UTF8.GetString(Pending[..lf]);
                _start += lf + 1;
                return line;
            }
            if (!await FillAsync())
            {
                return null;
            }
        }
    }

    /// <summary>Ends what this client sends (a TCP FIN) but keeps reading: a half-close.</summary>
    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Drops the connection with a TCP RST instead of a FIN, as a crashed client or a middlebox does.</summary>
    public void Reset()
    {
        _socket.LingerState = new LingerOption(enable: true, seconds: 0);
        _socket.Close();
    }

    /// <summary>Reads exactly <paramref name="text"/> (a prompt has no LF).</summary>
    public async Task ExpectAsync(string text)
    {
        byte[] expected = Encoding.UTF8.GetBytes(text);
        while (Pending.Length < expected.Length)
        {
            Assert.True(await FillAsync(), $"connection closed before '{text}'");
        }
        Assert.Equal(text, Encoding.UTF8.GetString(Pending[..expected.Length]));
        _start += expected.Length;
    }

    /// <summary>The greeting prompt if it comes, or else the first line the server sends.</summary>
    public async Task<string> ReadPromptOrLineAsync()
    {
        const string prompt = "Welcome! Enter your name: ";
        while (Pending.Length < prompt.Length && Pending.IndexOf((byte)'\n') < 0)
        {
            Assert.True(await FillAsync(), "connection closed before its first line");
        }
        if (Pending.StartsWith(Encoding.UTF8.GetBytes(prompt)))
        {
            _start += prompt.Length;
            return prompt;
        }
        return await ReadLineAsync();
    }

    /// <summary>Reads lines until <paramref name="line"/>; the lines skipped are returned.</summary>
    public async Task<List<string>> ReadUntilAsync(string line)
    {
        var skipped = new List<string>();
        for (string next = await ReadLineAsync(); next != line; next = await ReadLineAsync())
        {
            skipped.Add(next);
        }
        return skipped;
    }

    /// <summary>Waits for the server to close; fails if a byte arrives first.</summary>
    public async Task ExpectClosedAsync()
    {
        Assert.True(Pending.Length == 0, $"expected the server to close, got '{Encoding.UTF8.GetString(Pending)}'");
        Assert.False(await FillAsync(), $"expected the server to close, got '{Encoding.UTF8.GetString(Pending)}'");
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private Span<byte> Pending => _received.AsSpan(_start, _end - _start);

    private async Task<bool> FillAsync()
    {
        if (_closed)
        {
            return false;
        }
        if (_start > 0)
        {
            Pending.CopyTo(_received);
            (_start, _end) = (0, _end - _start);
        }
        if (_end == _received.Length)
        {
            Array.Resize(ref _received, _received.Length * 2);
        }
        int read;
        try
        {
            read = await _socket.ReceiveAsync(_received.AsMemory(_end), SocketFlags.None).AsTask().WaitAsync(Timeout);
        }
        catch (SocketException)
        {
            read = 0; // a reset is a close too
        }
        if (read == 0)
        {
            _closed = true;
            return false;
        }
        _end += read;
        return true;
    }
}
