using Microsoft.Extensions.Logging;

namespace Chat.Tests.History;

/// <summary>Keeps every line logged, and lets a test wait for the n-th line of a level.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly List<(LogLevel Level, string Text)> _lines = [];
    private readonly List<(LogLevel Level, int Count, TaskCompletionSource Done)> _waiters = [];

    public IReadOnlyList<string> Lines(LogLevel level)
    {
        lock (_lines)
        {
            return _lines.Where(l => l.Level == level).Select(l => l.Text).ToArray();
        }
    }

    /// <summary>Completes once <paramref name="count"/> lines of <paramref name="level"/> were logged.</summary>
    public Task WaitForAsync(LogLevel level, int count)
    {
        lock (_lines)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((level, count, done));
            Check();
            return done.Task;
        }
    }

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines)
        {
            _lines.Add((logLevel, formatter(state, exception)));
            Check();
        }
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    private void Check()
    {
        _waiters.RemoveAll(w =>
        {
            if (_lines.Count(l => l.Level == w.Level) < w.Count)
            {
                return false;
            }
            w.Done.SetResult();
            return true;
        });
    }
}
