namespace Chat.Host.History;

/// <summary>
/// The history store cannot be used, and why, in one line that names the file (the host
/// prints it after <c>Invalid setting Chat:HistoryPath:</c> and exits 1).
/// </summary>
internal sealed class HistoryStoreOpenException(string reason, Exception? inner = null) : Exception(reason, inner);
