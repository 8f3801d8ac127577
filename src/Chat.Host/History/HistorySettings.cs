using Microsoft.Extensions.Configuration;

namespace Chat.Host.History;

/// <summary>
/// Reads the <c>Chat:History*</c> keys into <see cref="HistoryOptions"/>, checked the way
/// <see cref="ChatSettings"/> checks the rest of section <c>Chat</c> (PROTOCOL.md "Settings").
/// </summary>
internal static class HistorySettings
{
    public const string PathKey = "HistoryPath";

    // Monitor.Wait takes at most int.MaxValue milliseconds; an interval near that is no flush.
    private static readonly TimeSpan LongestFlushInterval = TimeSpan.FromMinutes(1);

    public static bool TryRead(IConfiguration configuration, out HistoryOptions options, out string error)
    {
        var reader = new ChatSettings.Reader(configuration.GetSection(ChatSettings.Section));
        var defaults = new HistoryOptions();
        options = defaults with
        {
            Store = reader.Choice("HistoryStore", defaults.Store),
            Path = reader.Text(PathKey, defaults.Path),
            Retention = reader.Duration("HistoryRetention", defaults.Retention, allowZero: false),
            FlushInterval = reader.Duration("HistoryFlushInterval", defaults.FlushInterval, allowZero: false, LongestFlushInterval),
            RoomCap = reader.Int("HistoryRoomCap", defaults.RoomCap, 1),
        };
        error = reader.Error ?? "";
        return reader.Error is null;
    }
}
