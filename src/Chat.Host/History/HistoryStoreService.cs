using Chat.Core.History;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chat.Host.History;

/// <summary>
/// Closes the history store when the host stops. Registered before the listener, so it stops
/// after it: every session has ended and appended its last message before the flush.
/// </summary>
internal sealed class HistoryStoreService(IHistoryStore store, ILogger<HistoryStoreService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.FlushAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            HistoryLog.FlushTimedOut(logger);
        }
        await store.DisposeAsync();
    }
}
