using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using Chat.Core.History;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Chat.Host.History;

/// <summary>
/// Room history in a SQLite file. One writer, on a thread of its own so that a slow disk
/// never holds a thread-pool thread, takes whatever the bounded <see cref="HistoryQueue"/>
/// holds and commits it as one transaction with one reused prepared statement
/// (<see cref="HistoryInsert"/>): under load a commit carries thousands of messages, when
/// quiet one arrives at most a flush interval after it was taken. Reads (a room's tail) use a second connection; WAL lets them run
/// beside the writer. A lock file keeps a second server off the same database.
/// </summary>
internal sealed class SqliteHistoryStore : IHistoryStore, IDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ErrorLogInterval = TimeSpan.FromMinutes(1);

    private readonly HistoryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly FileStream _lockFile;
    private readonly SqliteConnection _writer;
    private readonly HistoryInsert _insert;
    private readonly SqliteConnection _reader;
    private readonly SqliteCommand _load;
    private readonly HistoryQueue _queue;
    private readonly HistoryMetrics _metrics;
    private readonly HistoryPruner _pruner;
    private readonly ConcurrentQueue<(Action<SqliteConnection> Action, TaskCompletionSource Done)> _requests = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int[] _inserted;
    private DateTimeOffset _nextPrune;
    private DateTimeOffset _lastErrorLogged = DateTimeOffset.MinValue;
    private int _failures;
    private long _transactions;
    private int _closed;

    private SqliteHistoryStore(
        HistoryOptions options, TimeProvider time, ILogger logger, IMeterFactory? meterFactory,
        FileStream lockFile, SqliteConnection writer, SqliteConnection reader)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _lockFile = lockFile;
        _writer = writer;
        _reader = reader;
        _insert = new HistoryInsert(writer);
        _load = Prepare(reader, """
            SELECT sequence, room, time, id, sender, text, kind FROM messages
            WHERE room_key = $room_key ORDER BY sequence DESC LIMIT $count
            """,
            ("$room_key", SqliteType.Text), ("$count", SqliteType.Integer));
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        Rooms = ReadRooms(writer, rows);
        _pruner = new HistoryPruner(writer, options, rows);
        _queue = new HistoryQueue(options.QueueCapacity, options.BatchSize);
        _metrics = new HistoryMetrics(meterFactory, _queue);
        _inserted = new int[options.BatchSize];
        _nextPrune = time.GetUtcNow();
        new Thread(Run) { IsBackground = true, Name = "chat history writer" }.Start();
    }

    public IReadOnlyList<StoredRoom> Rooms { get; }

    /// <summary>Transactions that committed messages: many appends, few of these, is group commit.</summary>
    internal long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>Opens (creating or migrating) the database at <see cref="HistoryOptions.Path"/> and starts its writer.</summary>
    /// <param name="meterFactory">Where its instruments go (<see cref="HistoryMetrics"/>); null for none.</param>
    /// <exception cref="HistoryStoreOpenException">The file cannot be used; the message says why in one line.</exception>
    public static SqliteHistoryStore Open(
        HistoryOptions options, TimeProvider time, ILogger<SqliteHistoryStore> logger, IMeterFactory? meterFactory = null)
    {
        string path = Path.GetFullPath(options.Path);
        FileStream? lockFile = null;
        SqliteConnection? writer = null;
        SqliteConnection? reader = null;
        try
        {
            lockFile = Lock(path);
            writer = Connect(path);
            // WAL: readers never block the writer nor it them, and a commit is one append to
            // the log. synchronous=NORMAL: a commit is written to the OS before COMMIT returns
            // but fsynced only at checkpoints, so a killed process (kill -9, a crash) loses
            // nothing committed, while a power loss may lose the last commits; FULL would add
            // an fsync per commit for that case alone.
            Execute(writer, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA journal_size_limit = 16777216");
            HistorySchema.Migrate(writer, HistorySchema.Steps);
            reader = Connect(path);
            return new SqliteHistoryStore(options, time, logger, meterFactory, lockFile, writer, reader);
        }
        catch (Exception ex)
        {
            reader?.Dispose();
            writer?.Dispose();
            lockFile?.Dispose();
            throw ex switch
            {
                HistoryStoreOpenException => ex,
                SqliteException sqlite => new HistoryStoreOpenException(Reason(path, sqlite), ex),
                _ => new HistoryStoreOpenException($"{path} cannot be opened: {ex.Message.TrimEnd('.')}", ex),
            };
        }
    }

    public RoomTail LoadRoom(string roomKey, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        // Pending first, then the disk: a message committed in between is in both, never in
        // neither, and the sequence tells the copies apart.
        var pending = new List<StoredMessage>();
        _queue.CopyPending(roomKey, pending);
        var messages = new List<StoredMessage>(Math.Min(count, 1024));
        lock (_load)
        {
            ObjectDisposedException.ThrowIf(_closed != 0, this);
            _load.Parameters["$room_key"].Value = roomKey;
            _load.Parameters["$count"].Value = Math.Max(count, 1);
            using SqliteDataReader rows = _load.ExecuteReader();
            while (rows.Read())
            {
                messages.Add(new StoredMessage(
                    roomKey, rows.GetString(1), rows.GetInt64(0), new DateTimeOffset(rows.GetInt64(2), TimeSpan.Zero),
                    rows.GetInt64(3), rows.GetString(4), Encoding.UTF8.GetBytes(rows.GetString(5)), (StoredMessageKind)rows.GetInt32(6)));
            }
        }
        messages.Reverse();
        long stored = messages.Count > 0 ? messages[^1].Sequence : 0;
        messages.AddRange(pending.Where(m => m.Sequence > stored));
        long last = messages.Count > 0 ? messages[^1].Sequence : 0;
        messages.RemoveRange(0, Math.Max(0, messages.Count - count));
        return new RoomTail(messages, last);
    }

    public bool TryAppend(in StoredMessage message) => _queue.TryAdd(message);

    public ValueTask WaitForRoomAsync(CancellationToken cancellationToken) => _queue.WaitForRoomAsync(cancellationToken);

    public Task FlushAsync(CancellationToken cancellationToken) => _queue.FlushAsync(cancellationToken);

    /// <summary>
    /// Stops taking messages, commits those taken and closes the file. If the disk fails now,
    /// one last attempt is made and the rest is logged as lost: a flush before (with the time
    /// the caller can give) is the way to wait for a disk to come back.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Stop();
        await _stopped.Task.ConfigureAwait(false);
        Close();
    }

    public void Dispose()
    {
        _queue.Stop();
        _stopped.Task.Wait();
        Close();
    }

    /// <summary>Runs <paramref name="action"/> on the writer's thread between commits (tests: a full disk, a prune now).</summary>
    internal Task OnWriterAsync(Action<SqliteConnection> action)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests.Enqueue((action, done));
        _queue.Wake();
        return done.Task;
    }

    /// <summary>Runs a whole prune pass now, at the time provider's now.</summary>
    internal Task PruneAsync() => OnWriterAsync(_ =>
    {
        _pruner.Plan(_time.GetUtcNow());
        while (_pruner.HasWork)
        {
            _pruner.Step();
        }
    });

    private void Run()
    {
        try
        {
            while (true)
            {
                RunRequests();
                TimeSpan idle = _pruner.HasWork || !_requests.IsEmpty ? TimeSpan.Zero : _options.PruneInterval;
                if (_queue.TakeBatch(_options.FlushInterval, idle) > 0)
                {
                    if (!CommitWithRetry())
                    {
                        return;
                    }
                }
                else if (_queue.IsStopping)
                {
                    return;
                }
                Prune();
            }
        }
        finally
        {
            _stopped.SetResult();
        }
    }

    /// <summary>
    /// Commits the batch in flight, retrying with backoff while the disk fails: the queue
    /// fills meanwhile and then refuses, which pauses the senders, and nothing taken is
    /// dropped. False when stopping made the retries end (the rest is then logged as lost).
    /// </summary>
    private bool CommitWithRetry()
    {
        TimeSpan retry = FirstRetry;
        while (true)
        {
            try
            {
                long started = Stopwatch.GetTimestamp();
                Commit(_queue.InFlight);
                _metrics.Committed(Stopwatch.GetElapsedTime(started));
                if (_failures > 0)
                {
                    HistoryLog.Resumed(_logger, _failures);
                    _failures = 0;
                    _lastErrorLogged = DateTimeOffset.MinValue;
                }
                // Last: it completes the flushes, whose waiters may look at the above.
                _queue.Committed();
                return true;
            }
            catch (SqliteException ex)
            {
                Failed(ex);
                if (_queue.IsStopping)
                {
                    HistoryLog.Lost(_logger, _queue.Abandon());
                    return false;
                }
                _queue.Pause(retry);
                RunRequests();
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
            }
        }
    }

    private void Commit(ReadOnlySpan<StoredMessage> batch)
    {
        using (SqliteTransaction transaction = _writer.BeginTransaction())
        {
            for (int i = 0; i < batch.Length; i++)
            {
                _inserted[i] = _insert.Insert(batch[i]);
            }
            transaction.Commit();
        }
        for (int i = 0; i < batch.Length; i++)
        {
            _pruner.Added(batch[i].RoomKey, _inserted[i]);
        }
        Interlocked.Increment(ref _transactions);
    }

    private void Prune()
    {
        if (!_pruner.HasWork)
        {
            DateTimeOffset now = _time.GetUtcNow();
            if (now < _nextPrune)
            {
                return;
            }
            _nextPrune = now + _options.PruneInterval;
            _pruner.Plan(now);
            if (!_pruner.HasWork)
            {
                return;
            }
        }
        try
        {
            _pruner.Step();
        }
        catch (SqliteException ex)
        {
            Failed(ex);
            _pruner.Cancel();
        }
    }

    /// <summary>Logs a write failure, once a minute at most whatever the retries.</summary>
    private void Failed(SqliteException ex)
    {
        _failures++;
        DateTimeOffset now = _time.GetUtcNow();
        if (now - _lastErrorLogged >= ErrorLogInterval)
        {
            _lastErrorLogged = now;
            HistoryLog.CannotWrite(_logger, Reason(_writer.DataSource, ex), _queue.Pending);
        }
    }

    private void RunRequests()
    {
        while (_requests.TryDequeue(out var request))
        {
            try
            {
                request.Action(_writer);
                request.Done.SetResult();
            }
            catch (Exception ex)
            {
                request.Done.SetException(ex);
            }
        }
    }

    private void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }
        _pruner.Dispose();
        _insert.Dispose();
        _writer.Dispose();
        lock (_load)
        {
            _load.Dispose();
            _reader.Dispose();
        }
        _lockFile.Dispose();
    }

    /// <summary>
    /// Holds <c>PATH-lock</c> exclusively for the store's life: SQLite's own locks last only a
    /// transaction, and a second server appending to the same rooms would break their order.
    /// A separate file, because closing any other handle to the database would drop SQLite's
    /// POSIX locks on it. The file stays when the server stops; only the lock goes.
    /// </summary>
    private static FileStream Lock(string path)
    {
        string? directory = Path.GetDirectoryName(path);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new HistoryStoreOpenException($"{path} cannot be created: {directory} does not exist");
        }
        if (Directory.Exists(path))
        {
            throw new HistoryStoreOpenException($"{path} is a directory");
        }
        try
        {
            return new FileStream(path + "-lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (ex.GetType() == typeof(IOException))
        {
            throw new HistoryStoreOpenException($"{path} is in use by another running server", ex);
        }
    }

    private static SqliteConnection Connect(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    private static IReadOnlyList<StoredRoom> ReadRooms(SqliteConnection connection, Dictionary<string, long> rows)
    {
        // With MAX(), SQLite takes the bare column "room" from the newest row: the latest name.
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT room_key, room, MAX(sequence), COUNT(*) FROM messages GROUP BY room_key";
        using SqliteDataReader reader = command.ExecuteReader();
        var rooms = new List<StoredRoom>();
        while (reader.Read())
        {
            rooms.Add(new StoredRoom(reader.GetString(0), reader.GetString(1)));
            rows[reader.GetString(0)] = reader.GetInt64(3);
        }
        return rooms;
    }

    private static string Reason(string path, SqliteException ex) => ex.SqliteErrorCode switch
    {
        26 => $"{path} is not a SQLite database",
        11 => $"{path} is damaged (SQLite: database disk image is malformed)",
        14 => $"{path} cannot be opened (SQLite: unable to open database file)",
        8 => $"{path} is read-only",
        13 => $"{path}: the disk is full",
        10 => $"{path}: disk I/O error",
        _ => $"{path}: SQLite error {ex.SqliteErrorCode} ({ex.Message})",
    };

    internal static SqliteCommand Prepare(SqliteConnection connection, string sql, params (string Name, SqliteType Type)[] parameters)
    {
        SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        foreach ((string name, SqliteType type) in parameters)
        {
            command.Parameters.Add(name, type);
        }
        command.Prepare();
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
