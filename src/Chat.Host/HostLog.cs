using Microsoft.Extensions.Logging;

namespace Chat.Host;

/// <summary>The host's own log lines; the chat's are in Chat.Core.</summary>
internal static partial class HostLog
{
    [LoggerMessage(101, LogLevel.Warning, "Accepting a connection failed")]
    public static partial void AcceptFailed(ILogger logger, Exception exception);

    [LoggerMessage(102, LogLevel.Information, "Stopped accepting; {Count} connections to close")]
    public static partial void Stopping(ILogger logger, int count);

    [LoggerMessage(103, LogLevel.Error, "Serving connection from {Remote} failed")]
    public static partial void ConnectionFailed(ILogger logger, Exception exception, string remote);

    [LoggerMessage(104, LogLevel.Warning, "Connection refused from {Address}: too many connections from it")]
    public static partial void TooManyFromAddress(ILogger logger, string address);

    [LoggerMessage(105, LogLevel.Warning, "Shutdown timed out; aborting {Count} connections")]
    public static partial void AbortingStragglers(ILogger logger, int count);

    [LoggerMessage(106, LogLevel.Information, "Quiet after a burst: GC heap trimmed from {BeforeMiB} MiB to {AfterMiB} MiB committed")]
    public static partial void MemoryTrimmed(ILogger logger, long beforeMiB, long afterMiB);

    [LoggerMessage(120, LogLevel.Information, "TLS handshake with {Remote} failed: {Reason}")]
    public static partial void TlsHandshakeFailed(ILogger logger, string remote, string reason);

    [LoggerMessage(121, LogLevel.Information, "TLS certificate renewed: {Subject}, valid until {NotAfter:u}")]
    public static partial void CertificateReloaded(ILogger logger, string subject, DateTime notAfter);

    [LoggerMessage(122, LogLevel.Error, "TLS certificate files changed but cannot be used; still presenting the previous certificate: {Problem}")]
    public static partial void CertificateReloadFailed(ILogger logger, string problem);
}
