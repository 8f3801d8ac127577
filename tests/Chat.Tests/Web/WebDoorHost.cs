using System.Net;
using Chat.Host;
using Chat.Host.Transport;
using Chat.Host.Web;
using Chat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chat.Tests.Web;

/// <summary>The host as Program.cs builds it, in this process, with its web door on a free port.</summary>
internal sealed class WebDoorHost : IAsyncDisposable
{
    private WebDoorHost(IHost host)
    {
        Host = host;
    }

    public IHost Host { get; }

    /// <summary>http://ADDRESS:PORT of the web door.</summary>
    public Uri Web => Host.Services.GetRequiredService<WebDoorService>().Addresses[0];

    public int LinePort => ((IPEndPoint)Host.Services.GetRequiredService<ListeningSockets>().Sockets[0].Socket.LocalEndPoint!).Port;

    public static async Task<WebDoorHost> StartAsync(params string[] settings)
    {
        Assert.True(ChatHostBuilder.TryBuild(
            ["--Chat:Port=0", "--Chat:IrcPort=", "--Chat:WebPort=0", "--Chat:HistoryStore=Memory", "--Logging:LogLevel:Default=Warning", .. settings],
            out IHost host, out string error), error);
        await host.StartAsync().DefaultTimeout();
        return new WebDoorHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Host.Dispose();
    }
}
