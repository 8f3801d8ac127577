using Microsoft.Extensions.Logging;

namespace Chat.Host.Web;

/// <summary>
/// Kestrel's log lines, written through the chat host's own logging (its console format, its
/// <c>Logging</c> section, journald under systemd) rather than a second console logger.
/// </summary>
internal sealed class HostLogging(ILoggerFactory host) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => host.CreateLogger(categoryName);

    public void Dispose()
    {
        // The host's factory is the host's to dispose.
    }
}
