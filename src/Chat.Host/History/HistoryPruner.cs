using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Chat.Host.History;

/// <summary>
/// Deletes the rows past the retention and the per-room cap, on the writer's thread, one
/// room and at most <see cref="HistoryOptions.PruneBatch"/> rows per transaction, so that
/// messages never wait behind it for long. Only a room's oldest rows are deleted, so what is
/// kept is always a contiguous run of the room's order: a row past the retention that follows
/// a younger one (the clock went back) waits until that one goes too.
/// </summary>
internal sealed class HistoryPruner : IDisposable
{
    private readonly HistoryOptions _options;
    private readonly Dictionary<string, long> _rows; // rows on disk per room key
    private readonly Queue<string> _plan = new();
    private readonly SqliteCommand _firstYoung;
    private readonly SqliteCommand _nth;
    private readonly SqliteCommand _delete;
    private long _cutoff;

    public HistoryPruner(SqliteConnection connection, HistoryOptions options, Dictionary<string, long> rows)
    {
        _options = options;
        _rows = rows;
        _firstYoung = Prepare("SELECT sequence FROM messages WHERE room_key = $key AND time >= $value ORDER BY sequence LIMIT 1");
        _nth = Prepare("SELECT sequence FROM messages WHERE room_key = $key ORDER BY sequence LIMIT 1 OFFSET $value");
        _delete = Prepare("DELETE FROM messages WHERE room_key = $key AND sequence < $value");

        SqliteCommand Prepare(string sql) =>
            SqliteHistoryStore.Prepare(connection, sql, ("$key", SqliteType.Text), ("$value", SqliteType.Integer));
    }

    public bool HasWork => _plan.Count > 0;

    /// <summary>Counts rows the writer committed.</summary>
    public void Added(string roomKey, int rows)
    {
        CollectionsMarshal.GetValueRefOrAddDefault(_rows, roomKey, out _) += rows;
    }

    /// <summary>Plans a pass over every room, for rows older than <paramref name="now"/> less the retention.</summary>
    public void Plan(DateTimeOffset now)
    {
        _cutoff = (now - _options.Retention).UtcTicks;
        _plan.Clear();
        foreach (string roomKey in _rows.Keys)
        {
            _plan.Enqueue(roomKey);
        }
    }

    /// <summary>Forgets the plan (a step failed: the next pass starts over).</summary>
    public void Cancel() => _plan.Clear();

    /// <summary>One transaction of the plan: deletes up to a batch of the next room's oldest rows.</summary>
    public void Step()
    {
        string roomKey = _plan.Peek();
        long rows = _rows[roomKey];
        // Keep from the first row young enough (none: delete them all), and at most the cap.
        long keepFrom = Sequence(_firstYoung, roomKey, _cutoff) ?? long.MaxValue;
        if (rows > _options.RoomCap && Sequence(_nth, roomKey, rows - _options.RoomCap) is { } capped)
        {
            keepFrom = Math.Max(keepFrom, capped);
        }
        long upTo = Math.Min(keepFrom, Sequence(_nth, roomKey, _options.PruneBatch) ?? long.MaxValue);
        _delete.Parameters["$key"].Value = roomKey;
        _delete.Parameters["$value"].Value = upTo;
        rows -= _delete.ExecuteNonQuery();
        if (rows == 0)
        {
            _rows.Remove(roomKey);
        }
        else
        {
            _rows[roomKey] = rows;
        }
        if (upTo == keepFrom)
        {
            _plan.Dequeue();
        }
    }

    public void Dispose()
    {
        _firstYoung.Dispose();
        _nth.Dispose();
        _delete.Dispose();
    }

    private static long? Sequence(SqliteCommand command, string roomKey, long value)
    {
        command.Parameters["$key"].Value = roomKey;
        command.Parameters["$value"].Value = value;
        return command.ExecuteScalar() is long sequence ? sequence : null;
    }
}
