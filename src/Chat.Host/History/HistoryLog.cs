using Microsoft.Extensions.Logging;

namespace Chat.Host.History;

/// <summary>The history store's log lines.</summary>
internal static partial class HistoryLog
{
    [LoggerMessage(200, LogLevel.Error, "History store cannot write ({Reason}); {Pending} messages waiting, retrying (this line repeats at most once a minute)")]
    public static partial void CannotWrite(ILogger logger, string reason, long pending);

    [LoggerMessage(201, LogLevel.Information, "History store writing again after {Failures} failed attempts")]
    public static partial void Resumed(ILogger logger, int failures);

    [LoggerMessage(202, LogLevel.Error, "History store closed with {Lost} messages not written")]
    public static partial void Lost(ILogger logger, long lost);

    [LoggerMessage(203, LogLevel.Warning, "History store stopping before every message is written; one last attempt")]
    public static partial void FlushTimedOut(ILogger logger);
}
