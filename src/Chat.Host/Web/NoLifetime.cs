using Microsoft.Extensions.Hosting;

namespace Chat.Host.Web;

/// <summary>
/// The web door's Kestrel application is started and stopped by the chat host: it must not
/// also handle SIGTERM and Ctrl+C, nor announce itself, as a console application would.
/// </summary>
internal sealed class NoLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
