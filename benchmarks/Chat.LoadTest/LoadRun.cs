using System.Diagnostics;
using System.Net;
using Chat.LoadTest.Measurement;
using Chat.LoadTest.Protocols;

namespace Chat.LoadTest;

/// <summary>Limits that keep every run bounded in time, whatever the server does.</summary>
/// <param name="LoginConcurrency">Logins in flight at once in message runs (0: all at once).</param>
internal sealed record RunLimits(TimeSpan Login, TimeSpan Settle, TimeSpan Messages, TimeSpan Stall, TimeSpan Idle, int LoginConcurrency);

/// <summary>
/// One load against one running server: connect and log in every client at once, wait for
/// the join notices to stop, then (by kind) send the messages, or hold the clients idle, and
/// measure. Every phase has a deadline.
/// </summary>
internal sealed class LoadRun
{
    private readonly RunLimits _limits;
    private readonly TaskCompletionSource _allLoggedIn = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _allDelivered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly LoadClient[] _clients;
    private int _loginsPending;
    private int _sendersPending;

    public LoadRun(RunSpec spec, ProtocolKind protocol, bool quickAck, RunLimits limits, string namePrefix = "u", bool tls = false)
    {
        Spec = spec;
        Tls = tls;
        NamePrefix = namePrefix;
        Dialect = Dialect.For(protocol);
        QuickAck = quickAck;
        WatchTooSlow = spec.Slow > 0;
        _limits = limits;
        // Big reads for the message runs; thousands of mostly idle clients get less each.
        int bufferBytes = spec.Connections <= 1000 ? 64 * 1024 : 8 * 1024;
        _clients = new LoadClient[spec.Connections];
        for (int i = 0; i < _clients.Length; i++)
        {
            _clients[i] = new LoadClient(this, i, slow: i >= spec.Clients, bufferBytes);
        }
        _loginsPending = _clients.Length;
        int senders = spec.Kind == RunKind.Messages ? spec.Senders : 0;
        _sendersPending = senders;
        Windows = new SenderWindow[senders];
        for (int i = 0; i < senders; i++)
        {
            Windows[i] = new SenderWindow(spec.Messages, spec.Window, spec.Clients - 1, OnSenderFinished);
        }
        if (senders == 0 || spec.Messages == 0)
        {
            _allDelivered.TrySetResult();
        }
    }

    public RunSpec Spec { get; }

    /// <summary>Client names are this plus the client's index (a warm-up uses another prefix).</summary>
    public string NamePrefix { get; }

    /// <summary>True once the senders start: only then are test messages counted.</summary>
    public bool Measuring { get; private set; }

    public Dialect Dialect { get; }

    public bool QuickAck { get; }

    /// <summary>Every client speaks TLS (to our TLS line door).</summary>
    public bool Tls { get; }

    public bool WatchTooSlow { get; }

    public SenderWindow[] Windows { get; }

    public LatencyRecorder Latency { get; } = new();

    /// <summary>Stopwatch ticks when the run began; message send times count from here.</summary>
    public long StartTicks { get; private set; }

    public void OnLoginEnded(LoadClient client)
    {
        if (Interlocked.Decrement(ref _loginsPending) == 0)
        {
            _allLoggedIn.TrySetResult();
        }
    }

    private void OnSenderFinished()
    {
        if (Interlocked.Decrement(ref _sendersPending) == 0)
        {
            _allDelivered.TrySetResult();
        }
    }

    public async Task<RunResult> ExecuteAsync(IPEndPoint server, int? serverPid, string serverName)
    {
        ProcSample serverBefore = ProcStats.Read(serverPid);
        ProcSample toolBefore = ProcStats.Self();
        StartTicks = Stopwatch.GetTimestamp();

        // 1. Everyone logs in: all at once in a storm; at most 100 at a time before a message
        //    run, where logging in is not what is measured (the seed's listen backlog is 100
        //    and ngIRCd's 10: 1,000 connects at once overflow them into resets and SYN
        //    retries). Not much fewer: InspIRCd completes registrations on its once-a-second
        //    tick, so 8 at a time took it 125 s for 1,000 clients.
        using var connectTimeout = new CancellationTokenSource(_limits.Login);
        using SemaphoreSlim? gate = Spec.Kind == RunKind.Messages && _limits.LoginConcurrency > 0 ? new SemaphoreSlim(_limits.LoginConcurrency) : null;
        var running = new Task[_clients.Length];
        for (int i = 0; i < _clients.Length; i++)
        {
            running[i] = _clients[i].RunAsync(server, gate, connectTimeout.Token);
        }
        await Task.WhenAny(_allLoggedIn.Task, Task.Delay(_limits.Login));
        int loggedIn = _clients.Count(c => c.LoggedIn);
        double loginSeconds = loggedIn == 0 ? double.NaN : Seconds(_clients.Where(c => c.LoggedIn).Max(c => c.LoggedInAt) - StartTicks);
        var result = new RunResult { Spec = Spec, Server = serverName, LoggedIn = loggedIn, LoginSeconds = loginSeconds };

        try
        {
            if (loggedIn < _clients.Length)
            {
                string? why = _clients.Select(c => c.Error).FirstOrDefault(e => e is not null);
                return Finish(result with { Error = $"{loggedIn} of {_clients.Length} logged in ({why ?? "timed out"})" }, serverPid);
            }

            // 2. The join notices (O(N^2) lines in one room) drain before anything is measured.
            long settleStart = Stopwatch.GetTimestamp();
            await WaitForQuietAsync();
            result = result with { SettleSeconds = Seconds(Stopwatch.GetTimestamp() - settleStart) };

            if (Spec.Kind == RunKind.Logins)
            {
                // CPU over connect + login + notices: what the storm cost.
                return Finish(result with
                {
                    ServerCpuSeconds = ProcStats.Read(serverPid).CpuSeconds - serverBefore.CpuSeconds,
                    ToolCpuSeconds = ProcStats.Self().CpuSeconds - toolBefore.CpuSeconds,
                }, serverPid);
            }
            if (Spec.Kind == RunKind.Idle)
            {
                await Task.Delay(_limits.Idle);
                ProcSample idle = ProcStats.Read(serverPid);
                return Finish(result with
                {
                    ServerCpuSeconds = idle.CpuSeconds - serverBefore.CpuSeconds,
                    ToolCpuSeconds = ProcStats.Self().CpuSeconds - toolBefore.CpuSeconds,
                    RssKiBPerClient = idle.IsValid ? (idle.RssKiB - serverBefore.RssKiB) / (double)_clients.Length : double.NaN,
                }, serverPid);
            }

            // 3. The senders send; every reader counts, checks and times each delivery.
            return Finish(await SendAndMeasureAsync(result, serverPid), serverPid);
        }
        finally
        {
            foreach (LoadClient client in _clients)
            {
                client.Close();
            }
            await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
        }
    }

    private async Task<RunResult> SendAndMeasureAsync(RunResult result, int? serverPid)
    {
        ProcSample serverBefore = ProcStats.Read(serverPid);
        ProcSample toolBefore = ProcStats.Self();
        long readsBefore = SumReaders(c => c.Reads);
        long bytesBefore = SumReaders(c => c.BytesReceived);
        long begin = Stopwatch.GetTimestamp();
        Measuring = true;
        using var stop = new CancellationTokenSource();
        var sending = new Task[Windows.Length];
        for (int i = 0; i < Windows.Length; i++)
        {
            sending[i] = _clients[i].SendMessagesAsync(Windows[i], Spec.Payload, stop.Token);
        }

        // Done when every message has reached every reader; or stalled; or out of time.
        long lastProgress = begin;
        long lastDeliveries = 0;
        long deadline = begin + Ticks(_limits.Messages);
        string? error = null;
        while (!_allDelivered.Task.IsCompleted)
        {
            await Task.WhenAny(_allDelivered.Task, Task.Delay(100));
            long now = Stopwatch.GetTimestamp();
            long deliveries = SumReaders(c => c.Deliveries);
            if (deliveries != lastDeliveries)
            {
                lastDeliveries = deliveries;
                lastProgress = now;
            }
            Task? failed = sending.FirstOrDefault(t => t.IsFaulted);
            if (failed is not null)
            {
                error = "sender failed: " + failed.Exception!.InnerException!.Message;
                break;
            }
            if (now - lastProgress > Ticks(_limits.Stall))
            {
                error = $"stalled: no delivery for {_limits.Stall.TotalSeconds:0} s";
                break;
            }
            if (now > deadline)
            {
                error = $"timed out after {_limits.Messages.TotalSeconds:0} s";
                break;
            }
        }
        long end = _allDelivered.Task.IsCompleted ? Stopwatch.GetTimestamp() : lastProgress;
        ProcSample serverAfter = ProcStats.Read(serverPid);
        ProcSample toolAfter = ProcStats.Self();
        stop.Cancel();
        await Task.WhenAll(sending).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });

        int slowClosed = 0;
        if (Spec.Slow > 0)
        {
            bool[] closed = await Task.WhenAll(_clients.Where(c => c.IsSlow).Select(c => c.WasClosedByServerAsync(TimeSpan.FromSeconds(3))));
            slowClosed = closed.Count(x => x);
        }

        long reads = SumReaders(c => c.Reads) - readsBefore;
        long bytes = SumReaders(c => c.BytesReceived) - bytesBefore;
        LatencyHistogram latency = Latency.Merge();
        long delivered = SumReaders(c => c.Deliveries);
        double seconds = Seconds(end - begin);
        long lost = 0;
        foreach (LoadClient reader in _clients.Where(c => !c.IsSlow))
        {
            long expected = (long)Spec.Senders * Spec.Messages - (reader.Index < Spec.Senders ? Spec.Messages : 0);
            lost += expected - reader.Deliveries;
        }
        long garbled = SumReaders(c => c.Garbled);
        if (garbled > 0)
        {
            error = (error is null ? "" : error + "; ") + $"{garbled} garbled test lines";
        }
        return result with
        {
            Error = error,
            Deliveries = delivered,
            Seconds = seconds,
            DeliveriesPerSecond = delivered / seconds,
            P50Ms = Ms(latency.Percentile(0.50)),
            P99Ms = Ms(latency.Percentile(0.99)),
            P999Ms = Ms(latency.Percentile(0.999)),
            MaxMs = Ms(latency.Max),
            Lost = lost,
            Duplicated = SumReaders(c => c.Duplicates),
            Reordered = SumReaders(c => c.Reordered),
            Disconnected = _clients.Count(c => !c.IsSlow && c.PeerClosed),
            SlowDisconnected = slowClosed,
            ServerCpuSeconds = serverAfter.CpuSeconds - serverBefore.CpuSeconds,
            ToolCpuSeconds = toolAfter.CpuSeconds - toolBefore.CpuSeconds,
            BytesPerRead = reads == 0 ? double.NaN : bytes / (double)reads,
        };
    }

    /// <summary>Waits until no client has received a byte for 300 ms (at most the settle limit).</summary>
    private async Task WaitForQuietAsync()
    {
        long deadline = Stopwatch.GetTimestamp() + Ticks(_limits.Settle);
        long last = -1;
        long quietSince = Stopwatch.GetTimestamp();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(100);
            long bytes = SumReaders(c => c.BytesReceived);
            long now = Stopwatch.GetTimestamp();
            if (bytes != last)
            {
                last = bytes;
                quietSince = now;
            }
            else if (now - quietSince >= Ticks(TimeSpan.FromMilliseconds(300)))
            {
                return;
            }
        }
    }

    private RunResult Finish(RunResult result, int? serverPid)
    {
        ProcSample server = ProcStats.Read(serverPid);
        return result with { ServerPeakRssMiB = server.IsValid ? server.PeakRssKiB / 1024.0 : double.NaN };
    }

    private long SumReaders(Func<LoadClient, long> counter)
    {
        long sum = 0;
        foreach (LoadClient client in _clients)
        {
            sum += counter(client);
        }
        return sum;
    }

    private static double Seconds(long ticks) => ticks / (double)Stopwatch.Frequency;

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
