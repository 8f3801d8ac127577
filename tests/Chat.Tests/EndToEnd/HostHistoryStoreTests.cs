using Chat.Tests.History;

namespace Chat.Tests.EndToEnd;

/// <summary>
/// The real host opens its history store before it listens: a store it cannot use is one line
/// naming Chat:HistoryPath and exit code 1; a good one is closed cleanly on SIGTERM.
/// </summary>
public sealed class HostHistoryStoreTests : IDisposable
{
    private readonly HistoryFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_file_that_is_not_a_database_stops_the_host()
    {
        File.WriteAllText(_files.Database, string.Concat(Enumerable.Repeat("not a database\n", 500)));

        await AssertRefusedAsync(_files.Database, $"{_files.Database} is not a SQLite database.");
    }

    [Fact]
    public async Task A_newer_schema_stops_the_host()
    {
        HistoryFiles.Execute(_files.Database, "PRAGMA user_version = 9");

        await AssertRefusedAsync(_files.Database, $"{_files.Database} has history schema version 9, newer than this server's 1.");
    }

    [Fact]
    public async Task A_path_in_a_missing_directory_stops_the_host()
    {
        string path = Path.Combine(_files.Directory, "missing", "chat.db");

        await AssertRefusedAsync(path, $"{path} cannot be created: {Path.GetDirectoryName(path)} does not exist.");
    }

    [Fact]
    public async Task A_store_in_use_by_a_running_host_stops_the_second_and_outlives_it()
    {
        await using HostProcess first = await HostProcess.StartAsync(Sqlite(_files.Database));

        await AssertRefusedAsync(_files.Database, $"{_files.Database} is in use by another running server.");

        Assert.Equal(0, await first.TerminateAsync());
        Assert.Equal(1L, HistoryFiles.Execute(_files.Database, "PRAGMA user_version"));
        // Closed cleanly: the log was checkpointed away and the lock released.
        Assert.False(File.Exists(_files.Database + "-wal"));
        await _files.Open().DisposeAsync();
    }

    private static async Task AssertRefusedAsync(string path, string reason)
    {
        var (exitCode, stderr, _) = await HostProcess.RunToExitAsync(["--Chat:Port=0", .. Sqlite(path)]);

        Assert.Equal(1, exitCode);
        Assert.Equal($"Invalid setting Chat:HistoryPath: {reason}", stderr.Trim());
    }

    private static string[] Sqlite(string path) => ["--Chat:HistoryStore=Sqlite", $"--Chat:HistoryPath={path}"];
}
