using Microsoft.Data.Sqlite;

namespace Chat.Host.History;

/// <summary>
/// The history database's tables, versioned by <c>PRAGMA user_version</c>. Step <c>i</c> of
/// <see cref="Steps"/> takes a database from version <c>i</c> to <c>i + 1</c> (version 0 is a
/// new, empty file), so a database of any older version is brought up to date in place, in
/// one transaction, and one of a newer version is refused: this server cannot know its meaning.
/// </summary>
internal static class HistorySchema
{
    /// <summary>
    /// Version 1. One row per room message; the key (room_key, sequence) is the room's order
    /// and the only index: loading a room's tail and pruning its oldest rows are range scans of
    /// it, and without a rowid the table is that index. Times are UTC ticks.
    /// </summary>
    private const string Version1 = """
        CREATE TABLE messages (
            room_key TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            room TEXT NOT NULL,
            time INTEGER NOT NULL,
            id INTEGER NOT NULL,
            sender TEXT NOT NULL,
            text TEXT NOT NULL,
            kind INTEGER NOT NULL,
            PRIMARY KEY (room_key, sequence)
        ) WITHOUT ROWID;
        """;

    public static IReadOnlyList<string> Steps { get; } = [Version1];

    public static int Version => Steps.Count;

    /// <summary>Brings the database to version <c>steps.Count</c>; throws if it is newer.</summary>
    public static void Migrate(SqliteConnection connection, IReadOnlyList<string> steps)
    {
        using SqliteTransaction transaction = connection.BeginTransaction();
        int version = UserVersion(connection, transaction);
        if (version > steps.Count)
        {
            throw new HistoryStoreOpenException(
                $"{connection.DataSource} has history schema version {version}, newer than this server's {steps.Count}");
        }
        for (int step = version; step < steps.Count; step++)
        {
            Execute(connection, transaction, steps[step]);
        }
        if (version < steps.Count)
        {
            Execute(connection, transaction, $"PRAGMA user_version = {steps.Count}");
        }
        transaction.Commit();
    }

    public static int UserVersion(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar());
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
