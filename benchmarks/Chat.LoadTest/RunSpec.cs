namespace Chat.LoadTest;

/// <summary>What a run measures.</summary>
internal enum RunKind
{
    /// <summary>Senders send, every other client receives: throughput and latency.</summary>
    Messages,

    /// <summary>All clients connect at once and log in: time until the last is in.</summary>
    Logins,

    /// <summary>All clients log in and stay idle: the server's memory per client.</summary>
    Idle,
}

/// <summary>
/// One load: <see cref="Clients"/> reading clients in one room (the first
/// <see cref="Senders"/> of them also send <see cref="Messages"/> messages each), plus
/// <see cref="Slow"/> clients that log in and then never read.
/// </summary>
internal sealed record RunSpec(
    string Scenario,
    RunKind Kind,
    int Clients,
    int Senders,
    int Messages,
    int Payload,
    int Slow,
    int Window)
{
    public int Connections => Clients + Slow;

    /// <summary>Every message reaches every reading client but its sender.</summary>
    public long ExpectedDeliveries => (long)Senders * Messages * (Clients - 1);

    public string Describe() => Kind switch
    {
        RunKind.Messages => $"{Scenario}: {Clients} clients, {Senders} senders x {Messages} msgs of {Payload} B, window {Window}" + (Slow > 0 ? $", {Slow} slow" : ""),
        RunKind.Logins => $"{Scenario}: {Clients} clients connecting at once",
        _ => $"{Scenario}: {Clients} idle logged-in clients",
    };
}
