using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Chat.Soak;

/// <summary>
/// One chat connection over loopback. A reading client takes every line as it comes and
/// hands it to <c>onLine</c>; a slow one never reads, so the server has to drop it.
/// </summary>
internal sealed class SoakClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly LoadStats _stats;
    private readonly Action<string>? _onLine;
    private readonly TaskCompletionSource _loggedIn = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    private SoakClient(Socket socket, LoadStats stats, bool read, Action<string>? onLine)
    {
        _socket = socket;
        _stats = stats;
        _onLine = onLine;
        Closed = read ? ReadLoopAsync() : Task.CompletedTask;
    }

    /// <summary>Completes when the server closes the connection (reading clients only).</summary>
    public Task Closed { get; }

    public static async Task<SoakClient> ConnectAsync(int port, LoadStats stats, bool read = true, int receiveBufferBytes = 0, Action<string>? onLine = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBufferBytes > 0)
        {
            socket.ReceiveBufferSize = receiveBufferBytes;
        }
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port)).WaitAsync(Timeout);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        Interlocked.Increment(ref stats.Connections);
        Interlocked.Increment(ref stats.OpenConnections);
        return new SoakClient(socket, stats, read, onLine);
    }

    /// <summary>Sends <paramref name="name"/> at the prompt and waits for the greeting.</summary>
    public async Task LoginAsync(string name)
    {
        await SendLineAsync(name);
        await _loggedIn.Task.WaitAsync(Timeout);
        Interlocked.Increment(ref _stats.Logins);
    }

    public Task SendLineAsync(string line) => SendAsync(Encoding.UTF8.GetBytes(line + "\n"));

    public async Task SendAsync(byte[] bytes) => await _socket.SendAsync(bytes.AsMemory(), SocketFlags.None).AsTask().WaitAsync(Timeout);

    /// <summary>Closes with a reset instead of a FIN, as a crashed client or a pulled cable does.</summary>
    public async ValueTask AbortAsync()
    {
        try
        {
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
        }
        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _socket.Dispose();
            Interlocked.Decrement(ref _stats.OpenConnections);
        }
        try
        {
            await Closed.WaitAsync(Timeout);
        }
        catch
        {
            // The read loop ends with the socket; an error there is no news.
        }
    }

    private async Task ReadLoopAsync()
    {
        byte[] buffer = new byte[16 * 1024];
        var line = new List<byte>(256);
        try
        {
            while (true)
            {
                int read = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    return;
                }
                Interlocked.Add(ref _stats.BytesReceived, read);
                int start = 0;
                for (int lf; (lf = Array.IndexOf(buffer, (byte)'\n', start, read - start)) >= 0; start = lf + 1)
                {
                    line.AddRange(buffer.AsSpan(start, lf - start));
                    OnLine(Encoding.UTF8.GetString(line.ToArray()));
                    line.Clear();
                }
                line.AddRange(buffer.AsSpan(start, read - start));
            }
        }
        catch (SocketException)
        {
            // reset by the server, or disposed by us
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void OnLine(string text)
    {
        Interlocked.Increment(ref _stats.LinesReceived);
        if (text.Contains("Hello, ", StringComparison.Ordinal))
        {
            _loggedIn.TrySetResult(); // after the prompt, on the same line
        }
        else if (text == "Rate limit exceeded. Slow down.")
        {
            Interlocked.Increment(ref _stats.RateLimited);
        }
        _onLine?.Invoke(text);
    }
}
