namespace Chat.Tests.Support;

/// <summary>
/// A timeout on every await, so that a bug fails the test instead of hanging the run
/// (STYLE.md, after Kestrel's tests). Real time, never the fake clock the server uses.
/// </summary>
internal static class TimeoutExtensions
{
    // Only ever the bound on an event a test awaits, so a passing test never waits for it; it
    // is generous because the whole suite (host processes and a browser included) shares two
    // cores, where a thread can stall for seconds.
    public static readonly TimeSpan DefaultTimeoutSpan = TimeSpan.FromSeconds(15);

    public static Task DefaultTimeout(this Task task) => task.WaitAsync(DefaultTimeoutSpan);

    public static Task<T> DefaultTimeout<T>(this Task<T> task) => task.WaitAsync(DefaultTimeoutSpan);

    public static Task DefaultTimeout(this ValueTask task) => task.AsTask().WaitAsync(DefaultTimeoutSpan);

    public static Task<T> DefaultTimeout<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(DefaultTimeoutSpan);
}
