namespace Chat.Core;

/// <summary>
/// The limits of one chat server. Every limit exists because the server faces untrusted
/// clients: without it, one client could take memory, CPU or attention from all others.
/// Defaults are those of PROTOCOL.md; the host binds them from configuration section <c>Chat</c>.
/// </summary>
public sealed record ChatOptions
{
    /// <summary>Messages each room keeps and replays to whoever joins; 0 keeps none.</summary>
    public int HistorySize { get; init; } = 50;

    /// <summary>Longest message text in runes, so one user cannot flood every screen.</summary>
    public int MaxMessageLength { get; init; } = 500;

    /// <summary>
    /// Longest raw line in bytes (CR included, LF not). It bounds what the server buffers per
    /// connection: a line that grows past it is dropped as it arrives, never held.
    /// </summary>
    public int MaxLineBytes { get; init; } = 4096;

    /// <summary>Lines one user may send per <see cref="RateLimitWindow"/>; 0 turns the limit off.</summary>
    public int RateLimitMessages { get; init; } = 5;

    /// <summary>The sliding window of the rate limit.</summary>
    public TimeSpan RateLimitWindow { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Lines over the rate that may wait their turn in a row instead of being refused, so a paste
    /// arrives whole, paced; 0 refuses every line over the rate at once. 20 lets a classic
    /// 24-line screen through at the default rate (5 at once, 20 paced) and keeps the last of
    /// them within 4 s of being sent.
    /// </summary>
    public int RateLimitBurst { get; init; } = 20;

    /// <summary>
    /// Bytes that may wait to be sent to one client. A client that stops reading is
    /// disconnected at this bound instead of growing memory or slowing its room.
    /// </summary>
    public long OutboxBytes { get; init; } = 1024 * 1024;

    /// <summary>Open connections at once, those still at the name prompt included.</summary>
    public int MaxConnections { get; init; } = 10_000;

    /// <summary>How long a connection may stay at the name prompt; it holds a slot meanwhile.</summary>
    public TimeSpan LoginTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a closing connection may take to send what it still has queued.</summary>
    public TimeSpan ShutdownDrain { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The server's IRC name: the source of its own IRC messages (<c>Chat:ServerName</c>).</summary>
    public string ServerName { get; init; } = System.Net.Dns.GetHostName();
}
