namespace Chat.LoadTest.Reporting;

/// <summary>Folds repeated runs of one load on one server into their medians.</summary>
internal static class Summary
{
    public static List<RunResult> Medians(IEnumerable<RunResult> results) =>
        [.. results.GroupBy(r => (r.Spec, r.Server, r.Run)).Select(g => Median([.. g]))];

    /// <summary>The median of the values that are numbers; NaN when none is.</summary>
    public static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Where(v => !double.IsNaN(v)).Order()];
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static RunResult Median(List<RunResult> runs)
    {
        if (runs.Count == 1)
        {
            return runs[0];
        }
        // Medians over the runs that completed; a failed run is reported, not averaged in.
        List<RunResult> good = runs.Where(r => r.Error is null).ToList();
        List<RunResult> pool = good.Count > 0 ? good : runs;
        double M(Func<RunResult, double> f) => Median(pool.Select(f));
        long L(Func<RunResult, long> f) => (long)M(r => f(r));
        string? error = good.Count == runs.Count ? null : $"{runs.Count - good.Count} of {runs.Count} runs failed: {runs.First(r => r.Error is not null).Error}";
        return runs[0] with
        {
            Repeat = 0,
            Error = error,
            LoggedIn = (int)M(r => r.LoggedIn),
            LoginSeconds = M(r => r.LoginSeconds),
            SettleSeconds = M(r => r.SettleSeconds),
            Deliveries = L(r => r.Deliveries),
            Seconds = M(r => r.Seconds),
            DeliveriesPerSecond = M(r => r.DeliveriesPerSecond),
            P50Ms = M(r => r.P50Ms),
            P99Ms = M(r => r.P99Ms),
            P999Ms = M(r => r.P999Ms),
            MaxMs = M(r => r.MaxMs),
            Lost = L(r => r.Lost),
            Duplicated = L(r => r.Duplicated),
            Reordered = L(r => r.Reordered),
            Disconnected = (int)M(r => r.Disconnected),
            SlowDisconnected = (int)M(r => r.SlowDisconnected),
            ServerCpuSeconds = M(r => r.ServerCpuSeconds),
            ToolCpuSeconds = M(r => r.ToolCpuSeconds),
            ServerPeakRssMiB = M(r => r.ServerPeakRssMiB),
            RssKiBPerClient = M(r => r.RssKiBPerClient),
            BytesPerRead = M(r => r.BytesPerRead),
        };
    }
}
