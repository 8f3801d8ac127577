namespace Chat.Host.History;

/// <summary>The values of <c>Chat:HistoryStore</c>.</summary>
internal enum HistoryStoreKind
{
    /// <summary>A SQLite file at <c>Chat:HistoryPath</c>: history survives a restart.</summary>
    Sqlite,

    /// <summary>Nothing on disk: history ends with the process.</summary>
    Memory,
}
