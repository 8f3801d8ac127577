namespace Chat.Host.History;

/// <summary>
/// Where and how long room history is kept (section <c>Chat</c>, keys <c>History*</c>; read by
/// <see cref="HistorySettings"/>). The last four are not settings: they are the writer's
/// tuning, kept here so tests and benchmarks can change them.
/// </summary>
internal sealed record HistoryOptions
{
    public HistoryStoreKind Store { get; init; } = HistoryStoreKind.Sqlite;

    /// <summary>The database file; relative paths are from the working directory.</summary>
    public string Path { get; init; } = "chat.db";

    /// <summary>Messages older than this are deleted.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>
    /// The longest a taken message waits before its commit: the most a <c>kill -9</c> (a
    /// process crash) may lose. Shorter means more, smaller commits.
    /// </summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Rows kept per room; the oldest beyond it are deleted. It bounds the file by the number of
    /// rooms, whatever one busy room sends (10,000 rows of 500-character messages: ~10 MB).
    /// </summary>
    public int RoomCap { get; init; } = 10_000;

    /// <summary>
    /// Messages that may wait for the writer. When the disk stalls, this is how much is buffered
    /// before senders are paused: 65,536 is over half a second of the 100,000 messages/s the
    /// writer sustains, ~72 B of queue each plus the text (~40 MB at 300 characters).
    /// </summary>
    public int QueueCapacity { get; init; } = 65_536;

    /// <summary>Messages per commit at most: bounds the in-flight batch and each transaction.</summary>
    public int BatchSize { get; init; } = 4096;

    /// <summary>How often the writer looks for rows past the retention or the cap.</summary>
    public TimeSpan PruneInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Rows deleted per transaction while pruning, so messages never wait long behind it.</summary>
    public int PruneBatch { get; init; } = 1000;
}
