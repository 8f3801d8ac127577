using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Chat.Tests.Support;

namespace Chat.Tests.Web;

/// <summary>A test's browser without the page: a WebSocket on <c>/ws</c> speaking the web door's JSON.</summary>
internal sealed class WebClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;

    private WebClient(ClientWebSocket socket) => _socket = socket;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public static async Task<WebClient> ConnectAsync(Uri web, string? origin = null)
    {
        var socket = new ClientWebSocket();
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }
        await socket.ConnectAsync(new Uri($"ws://{web.Authority}/ws"), CancellationToken.None).DefaultTimeout();
        return new WebClient(socket);
    }

    /// <summary>Connects and logs in as <paramref name="name"/>, reading up to the greeting.</summary>
    public static async Task<WebClient> LoginAsync(Uri web, string name)
    {
        WebClient client = await ConnectAsync(web);
        await client.SendAsync(new { type = "login", name });
        await client.ExpectAsync($"Hello, {name}!");
        return client;
    }

    public Task SendAsync(object command) => SendRawAsync(JsonSerializer.SerializeToUtf8Bytes(command));

    public Task SendRawAsync(byte[] frame, WebSocketMessageType type = WebSocketMessageType.Text) =>
        _socket.SendAsync(frame, type, endOfMessage: true, CancellationToken.None).DefaultTimeout();

    /// <summary>The next frame's <c>type</c> and <c>text</c>; null once the server has closed.</summary>
    public async Task<(string Type, string Text)?> ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        int length = 0;
        while (true)
        {
            WebSocketReceiveResult result = await _socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), CancellationToken.None).DefaultTimeout();
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }
            length += result.Count;
            if (result.EndOfMessage)
            {
                using JsonDocument frame = JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, length));
                return (frame.RootElement.GetProperty("type").GetString()!, frame.RootElement.GetProperty("text").GetString()!);
            }
        }
    }

    /// <summary>Reads frames until a line containing <paramref name="text"/>; returns it.</summary>
    public async Task<string> ExpectAsync(string text)
    {
        var seen = new List<string>();
        while (await ReceiveAsync().ContinueWith(
            received => received.IsFaulted ? throw new TimeoutException($"no \"{text}\"; saw: {string.Join(" | ", seen)}") : received.Result,
            TaskScheduler.Default) is { } frame)
        {
            if (frame.Text.Contains(text, StringComparison.Ordinal))
            {
                return frame.Text;
            }
            seen.Add(frame.Text);
        }
        throw new InvalidOperationException($"closed before \"{text}\"; saw: {string.Join(" | ", seen)}");
    }

    /// <summary>Reads until the server closes; the status it closed with.</summary>
    public async Task<WebSocketCloseStatus?> ClosedAsync()
    {
        while (await ReceiveAsync() is not null)
        {
        }
        return _socket.CloseStatus;
    }

    public ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
