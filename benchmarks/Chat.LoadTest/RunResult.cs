namespace Chat.LoadTest;

/// <summary>What one run against one server measured. Times in seconds, latencies in ms.</summary>
internal sealed record RunResult
{
    public required RunSpec Spec { get; init; }

    public required string Server { get; init; }

    /// <summary>1, 2, ... for single runs; 0 for the median of several.</summary>
    public int Repeat { get; init; }

    /// <summary>
    /// With <c>--runs-per-process</c>, which message run on its server process this was
    /// (1 = the fresh process's first); 0 when each run has a process of its own.
    /// </summary>
    public int Run { get; init; }

    /// <summary>The server, and which run on its process when there are several.</summary>
    public string Label => Run == 0 ? Server : $"{Server} run {Run}";

    public string? Error { get; init; }

    public int LoggedIn { get; init; }

    public double LoginSeconds { get; init; }

    /// <summary>From the last login until the join notices stopped flowing.</summary>
    public double SettleSeconds { get; init; }

    public long Deliveries { get; init; }

    public double Seconds { get; init; }

    public double DeliveriesPerSecond { get; init; }

    public double P50Ms { get; init; }

    public double P99Ms { get; init; }

    public double P999Ms { get; init; }

    public double MaxMs { get; init; }

    public long Lost { get; init; }

    public long Duplicated { get; init; }

    public long Reordered { get; init; }

    /// <summary>Reading clients the server closed during the run.</summary>
    public int Disconnected { get; init; }

    /// <summary>Slow clients the server had closed by the end of the run.</summary>
    public int SlowDisconnected { get; init; }

    /// <summary>CPU seconds of the server over the measured phase (sending, or logging in).</summary>
    public double ServerCpuSeconds { get; init; } = double.NaN;

    /// <summary>CPU seconds of this tool over the same phase.</summary>
    public double ToolCpuSeconds { get; init; } = double.NaN;

    public double ServerPeakRssMiB { get; init; } = double.NaN;

    /// <summary>
    /// Bytes the readers got per receive call while messages flowed: how much the server
    /// batches into each send (a 90-byte line per call means one send syscall per delivery).
    /// </summary>
    public double BytesPerRead { get; init; } = double.NaN;

    /// <summary>Idle runs: growth of the server's RSS per logged-in client.</summary>
    public double RssKiBPerClient { get; init; } = double.NaN;
}
