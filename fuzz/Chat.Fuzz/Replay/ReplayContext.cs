using System.Collections.Concurrent;

namespace Chat.Fuzz.Replay;

/// <summary>
/// Runs a replay on one thread: every continuation of the server's and the replay's awaits
/// (pipes, channels and tasks all resume on the captured context) is queued here and run in
/// order on the calling thread.
/// </summary>
/// <remarks>
/// Two reasons. A replay then runs the same way every time, so a failing input fails again
/// in a test. And AFL's coverage is edges between consecutive instrumented blocks, counted
/// through one global "previous block": code running on two threads at once would interleave
/// into edges that exist nowhere in the program, and the fuzzer would chase noise.
/// Timers still fire on the thread pool; their continuations come back here.
/// </remarks>
internal sealed class ReplayContext : SynchronizationContext
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = new();
    private readonly Lock _gate = new();
    private bool _done;

    public static T Run<T>(Func<Task<T>> body)
    {
        SynchronizationContext? previous = Current;
        var context = new ReplayContext();
        SetSynchronizationContext(context);
        try
        {
            Task<T> task = body();
            task.ContinueWith(_ => context.Finish(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            foreach ((SendOrPostCallback callback, object? state) in context._queue.GetConsumingEnumerable())
            {
                callback(state);
            }
            return task.GetAwaiter().GetResult();
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (_gate)
        {
            if (!_done)
            {
                _queue.Add((d, state));
                return;
            }
        }
        // The replay is over (it failed and left a session winding down): run the rest anywhere.
        ThreadPool.QueueUserWorkItem(s => d(s), state, preferLocal: false);
    }

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException();

    public override SynchronizationContext CreateCopy() => this;

    private void Finish()
    {
        lock (_gate)
        {
            _done = true;
            _queue.CompleteAdding();
        }
    }
}
