using System.Text;
using Chat.Core.History;
using Chat.Host.History;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Chat.Tests.History;

/// <summary>A temporary directory for one test's history databases, and the test's store maker.</summary>
internal sealed class HistoryFiles : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public HistoryFiles()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("chat-history-").FullName;
    }

    public string Directory { get; }

    public string Database => Path.Combine(Directory, "chat.db");

    public FakeTimeProvider Time { get; } = new(Start);

    public RecordingLogger<SqliteHistoryStore> Log { get; } = new();

    public SqliteHistoryStore Open(HistoryOptions? options = null, string? path = null) =>
        SqliteHistoryStore.Open((options ?? new HistoryOptions()) with { Path = path ?? Database }, Time, Log);

    public static StoredMessage Message(string room, long sequence, DateTimeOffset? time = null, string? text = null) =>
        new(room.ToLowerInvariant(), room, sequence, time ?? Start, sequence, $"user{sequence % 7}",
            Encoding.UTF8.GetBytes(text ?? $"message {sequence} in {room}"), sequence % 5 == 0 ? StoredMessageKind.Action : StoredMessageKind.Message);

    /// <summary>Every field of <paramref name="message"/>, its text decoded.</summary>
    public static string Describe(StoredMessage message) =>
        (message with { Text = default }).ToString() + " " + Encoding.UTF8.GetString(message.Text.Span);

    /// <summary>Runs <paramref name="sql"/> on the file directly, as another program would.</summary>
    public static object? Execute(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
