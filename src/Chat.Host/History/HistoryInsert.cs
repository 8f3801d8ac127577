using Chat.Core.History;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Chat.Host.History;

/// <summary>
/// The writer's one prepared INSERT, bound and stepped through SQLite's own API: an
/// ADO.NET command boxes every number, encodes every string to a new array and builds a
/// data reader per execution (~1 KB of garbage per message), where this binds the strings'
/// characters and the text's UTF-8 in place and allocates nothing.
/// </summary>
internal sealed class HistoryInsert : IDisposable
{
    // OR IGNORE: a sequence the room already stored is kept, so a caller's mistake cannot
    // turn one batch into an error retried forever.
    private const string Sql = """
        INSERT OR IGNORE INTO messages (room_key, sequence, room, time, id, sender, text, kind)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
        """;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public HistoryInsert(SqliteConnection connection)
    {
        _db = connection.Handle!;
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(_db, Sql, out _statement), _db);
    }

    /// <summary>Inserts one row in the open transaction; returns 1, or 0 if its sequence was stored already.</summary>
    public int Insert(in StoredMessage message)
    {
        raw.sqlite3_bind_text16(_statement, 1, message.RoomKey);
        raw.sqlite3_bind_int64(_statement, 2, message.Sequence);
        raw.sqlite3_bind_text16(_statement, 3, message.Room);
        raw.sqlite3_bind_int64(_statement, 4, message.Time.UtcTicks);
        raw.sqlite3_bind_int64(_statement, 5, message.Id);
        raw.sqlite3_bind_text16(_statement, 6, message.Sender);
        raw.sqlite3_bind_text(_statement, 7, message.Text.Span);
        raw.sqlite3_bind_int(_statement, 8, (int)message.Kind);
        int rc = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
        return raw.sqlite3_changes(_db);
    }

    public void Dispose() => _statement.Dispose();
}
