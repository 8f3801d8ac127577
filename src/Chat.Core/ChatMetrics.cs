using System.Diagnostics.Metrics;

namespace Chat.Core;

/// <summary>
/// The chat's instruments on the <c>Chat</c> meter, named in OpenTelemetry's style as
/// Kestrel names its own (<c>kestrel.active_connections</c>): read them with
/// <c>dotnet-counters monitor --counters Chat</c>. An instrument nobody listens to costs a
/// branch per call; deliveries are added once per broadcast, never per recipient, and tags
/// are made once, so recording allocates nothing.
/// </summary>
public sealed class ChatMetrics
{
    /// <summary>The meter's name: what <c>--counters</c> and exporters select.</summary>
    public const string MeterName = "Chat";

    // The line door, plain or over TLS. A door that comes later brings its own.
    private static readonly KeyValuePair<string, object?>[] LineDoor = [new("chat.door", "line"), new("chat.tls", false)];
    private static readonly KeyValuePair<string, object?>[] LineTlsDoor = [new("chat.door", "line"), new("chat.tls", true)];
    private static readonly KeyValuePair<string, object?> Paced = new("chat.rate_limit.action", "paced");
    private static readonly KeyValuePair<string, object?> Refused = new("chat.rate_limit.action", "refused");

    private readonly UpDownCounter<long>? _activeConnections;
    private readonly Counter<long>? _logins;
    private readonly Counter<long>? _messagesReceived;
    private readonly Counter<long>? _deliveries;
    private readonly Counter<long>? _outboxDrops;
    private readonly Counter<long>? _rateLimited;

    public ChatMetrics(IMeterFactory meterFactory)
    {
        Meter meter = meterFactory.Create(MeterName);
        _activeConnections = meter.CreateUpDownCounter<long>(
            "chat.active_connections", "{connection}", "Open connections, those at the name prompt included.");
        _logins = meter.CreateCounter<long>(
            "chat.logins", "{login}", "Names accepted: users who logged in.");
        _messagesReceived = meter.CreateCounter<long>(
            "chat.messages.received", "{message}", "Messages accepted from users: to a room (also /me) or private (/msg).");
        _deliveries = meter.CreateCounter<long>(
            "chat.deliveries", "{message}", "Copies of those messages handed to their recipients' outboxes.");
        _outboxDrops = meter.CreateCounter<long>(
            "chat.outbox.drops", "{connection}", "Connections dropped because their outbox overflowed: clients too slow to read.");
        _rateLimited = meter.CreateCounter<long>(
            "chat.rate_limited", "{line}", "Lines over the rate limit, by action: paced (held for their turn) or refused.");
    }

    private ChatMetrics()
    {
    }

    /// <summary>No instruments: for a server built without a meter factory (tests, benchmarks).</summary>
    public static ChatMetrics None { get; } = new();

    internal void ConnectionOpened(bool overTls) => _activeConnections?.Add(1, overTls ? LineTlsDoor : LineDoor);

    internal void ConnectionClosed(bool overTls) => _activeConnections?.Add(-1, overTls ? LineTlsDoor : LineDoor);

    internal void LoggedIn() => _logins?.Add(1);

    /// <summary>One message accepted and handed to <paramref name="recipients"/> users.</summary>
    internal void MessageDelivered(int recipients)
    {
        _messagesReceived?.Add(1);
        _deliveries?.Add(recipients);
    }

    internal void OutboxDropped() => _outboxDrops?.Add(1);

    internal void LinePaced() => _rateLimited?.Add(1, Paced);

    internal void LineRefused() => _rateLimited?.Add(1, Refused);
}
