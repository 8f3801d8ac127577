using Microsoft.Extensions.Logging;

namespace Chat.Core;

/// <summary>Every log line of the chat core, source-generated so that a disabled level costs a branch.</summary>
internal static partial class ChatLog
{
    [LoggerMessage(1, LogLevel.Information, "Connection {ConnectionId} opened from {Remote}")]
    public static partial void ConnectionOpened(ILogger logger, long connectionId, string remote);

    [LoggerMessage(2, LogLevel.Information, "Connection {ConnectionId} logged in as {Name}")]
    public static partial void LoggedIn(ILogger logger, long connectionId, string name);

    [LoggerMessage(3, LogLevel.Information, "{Name} moved from {From} to {To}")]
    public static partial void RoomChanged(ILogger logger, string name, string from, string to);

    [LoggerMessage(4, LogLevel.Information, "Connection {ConnectionId} ({Name}) closed: {Reason}")]
    public static partial void Disconnected(ILogger logger, long connectionId, string name, string reason);

    [LoggerMessage(5, LogLevel.Error, "Connection {ConnectionId} ({Name}) failed")]
    public static partial void ConnectionFailed(ILogger logger, Exception exception, long connectionId, string name);

    [LoggerMessage(6, LogLevel.Warning, "Connection refused from {Remote}: server is full")]
    public static partial void ServerFull(ILogger logger, string remote);

    [LoggerMessage(7, LogLevel.Debug, "{Name} in {Room}: {Text}")]
    public static partial void MessageReceived(ILogger logger, string name, string room, string text);

    [LoggerMessage(8, LogLevel.Information, "Shutting down: telling {Count} connections")]
    public static partial void ShuttingDown(ILogger logger, int count);
}
