using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Chat.Core;
using Chat.Host.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chat.Host.Web;

/// <summary>
/// The web door: Kestrel on <c>Chat:WebPort</c> at every <c>Chat:Address</c>, serving the web
/// client at <c>/</c>, its WebSocket at <c>/ws</c>, and <c>/healthz</c>, <c>/readyz</c> and
/// <c>/metrics</c> for operators. Kestrel runs as a small application of its own inside this
/// service, sharing the chat server, so the generic host, its settings and the line door
/// stay as they were; it stops after the line door, which ends every session, web ones too.
/// </summary>
internal sealed class WebDoorService(
    ChatServer server,
    ListenerOptions listener,
    WebOptions web,
    ConnectionsPerAddress perAddress,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggers) : IHostedService, IDisposable
{
    private const string ClientResource = "Chat.Host.Web.index.html";

    private readonly PrometheusText _metrics = new();
    private WebApplication? _app;

    /// <summary>Where Kestrel listens, once started: one address per <c>Chat:Address</c>.</summary>
    public IReadOnlyList<Uri> Addresses { get; private set; } = [];

    /// <summary>
    /// Whether the web port can be bound on every address, tried (and let go) while the host is
    /// built, so a port in use is the same one line as for the line door, not a stack trace
    /// when Kestrel starts. Port 0 always can. Bound as Kestrel binds (SO_REUSEADDR), so the
    /// connections of a server just stopped, still in TIME_WAIT, do not count as a use.
    /// </summary>
    public static bool CanListen(ListenerOptions listener, WebOptions web, out string error)
    {
        error = "";
        if (web.Port is not int port || port == 0)
        {
            return true;
        }
        foreach (IPAddress address in listener.Addresses)
        {
            var endPoint = new IPEndPoint(address, port);
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (address.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    socket.DualMode = true;
                }
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                socket.Bind(endPoint);
            }
            catch (SocketException ex)
            {
                error = ListeningSockets.Describe(new Door("WebPort", port, Tls: false, Label: "web"), endPoint, ex);
                return false;
            }
        }
        return true;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new HostLogging(loggers));
        // The host prints its own Listening on lines; Kestrel's "Now listening on" would repeat them.
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.None);
        builder.Services.AddSingleton<IHostLifetime, NoLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            int port = web.Port!.Value;
            foreach (IPAddress address in listener.Addresses)
            {
                kestrel.Listen(address, port);
            }
        });
        _app = builder.Build();
        _app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        _app.MapGet("/", ServeClientAsync);
        _app.MapGet("/healthz", () => Results.Text("ok\n"));
        _app.MapGet("/readyz", () => Ready() ? Results.Text("ready\n") : Results.Text("not ready\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        _app.MapGet("/metrics", () => Results.Text(_metrics.Write(), "text/plain; version=0.0.4; charset=utf-8"));
        _app.Map("/ws", AcceptWebSocketAsync);
        await _app.StartAsync(cancellationToken);
        Addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToArray();
        lifetime.ApplicationStarted.Register(SayWhereItListens);
    }

    /// <summary>Once every door has started, so these lines follow the line door's (PROTOCOL.md, Settings).</summary>
    private void SayWhereItListens()
    {
        foreach (Uri address in Addresses)
        {
            Console.Out.WriteLine($"Listening on {new IPEndPoint(IPAddress.Parse(address.Host.Trim('[', ']')), address.Port)} (web)");
        }
        Console.Out.Flush();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        ((IDisposable?)_app)?.Dispose();
        _metrics.Dispose();
    }

    /// <summary>Listening, and the history store open: it is opened before the host starts and closed after it stops.</summary>
    private bool Ready() => lifetime.ApplicationStarted.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested;

    private static async Task ServeClientAsync(HttpContext context)
    {
        await using Stream page = Assembly.GetExecutingAssembly().GetManifestResourceStream(ClientResource)!;
        context.Response.ContentType = "text/html; charset=utf-8";
        // The page runs no script but its own and loads nothing from elsewhere.
        context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        await page.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private async Task AcceptWebSocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        if (!OriginAllowed(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        IPAddress address = context.Connection.RemoteIpAddress ?? IPAddress.None;
        if (!perAddress.TryAdd(address))
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return;
        }
        try
        {
            using System.Net.WebSockets.WebSocket socket = await context.WebSockets.AcceptWebSocketAsync();
            string remote = $"{address}:{context.Connection.RemotePort}";
            await new WebSocketSession(socket, server, remote).RunAsync(context.RequestAborted);
        }
        finally
        {
            perAddress.Remove(address);
        }
    }

    /// <summary>
    /// No <c>Origin</c> (not a browser), the page's own origin, or one listed in
    /// <c>Chat:AllowedOrigins</c>: another site's page must not chat in its visitor's name.
    /// </summary>
    private bool OriginAllowed(HttpRequest request)
    {
        string? origin = request.Headers.Origin;
        if (string.IsNullOrEmpty(origin))
        {
            return true;
        }
        string own = $"{request.Scheme}://{request.Host}";
        return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase)
            || web.AllowedOrigins.Contains(origin.TrimEnd('/'), StringComparer.OrdinalIgnoreCase);
    }
}
