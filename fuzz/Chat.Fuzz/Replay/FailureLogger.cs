using System.Collections.Concurrent;
using Chat.Core;
using Microsoft.Extensions.Logging;

namespace Chat.Fuzz.Replay;

/// <summary>
/// The replay server's logger. A session catches whatever its read loop throws and logs it
/// as an error before closing the connection, so an exception never escapes on its own:
/// this logger keeps every error, with its exception, for the replay to rethrow.
/// </summary>
internal sealed class FailureLogger : ILogger<ChatServer>
{
    private readonly ConcurrentQueue<(string Message, Exception? Exception)> _errors = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    /// <summary>Every level is on, so the code behind a Debug-only log line is fuzzed too.</summary>
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel >= LogLevel.Error)
        {
            _errors.Enqueue((formatter(state, exception), exception));
        }
    }

    public void ThrowIfAnyError()
    {
        if (_errors.TryPeek(out var error))
        {
            throw new ReplayFailure($"the server logged an error: {error.Message}", error.Exception);
        }
    }
}
