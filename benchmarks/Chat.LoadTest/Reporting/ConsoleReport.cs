using System.Globalization;
using System.Text;
using Chat.LoadTest.Servers;

namespace Chat.LoadTest.Reporting;

/// <summary>
/// The tables: one per load, one row per server, with the ratios to ours (both written so
/// that bigger means ours is better), then the targets, met or missed.
/// </summary>
internal static class ConsoleReport
{
    public static string Render(IReadOnlyList<RunResult> medians, int repeats)
    {
        var text = new StringBuilder();
        if (repeats > 1)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Medians of {repeats} runs per server and load.");
        }
        foreach (IGrouping<RunSpec, RunResult> load in medians.GroupBy(r => r.Spec))
        {
            text.AppendLine().AppendLine(load.Key.Describe());
            if (load.Key.Kind == RunKind.Messages)
            {
                MessageTable(text, [.. load]);
            }
            else
            {
                LoginTable(text, [.. load]);
            }
        }
        text.AppendLine().AppendLine("Targets (ours):");
        foreach (string line in Targets(medians))
        {
            text.AppendLine("  " + line);
        }
        return text.ToString();
    }

    private static void MessageTable(StringBuilder text, List<RunResult> rows)
    {
        RunResult? ours = rows.FirstOrDefault(r => r.Server == ServerTarget.Ours && r.Run <= 1);
        var table = new List<string[]>
        {
            new[] { "server", "deliv/s", "ours/this", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "this/ours p99", "lost", "dup", "reord", "discon", "login s", "srv CPU s", "tool CPU s", "srv us/deliv", "srv peak MiB", "B/read", "note" },
        };
        foreach (RunResult r in rows)
        {
            table.Add(
            [
                r.Label,
                N(r.DeliveriesPerSecond, "#,0"),
                ours is null ? "" : Ratio(ours.DeliveriesPerSecond, r.DeliveriesPerSecond),
                N(r.P50Ms, "0.00"), N(r.P99Ms, "0.00"), N(r.P999Ms, "0.00"), N(r.MaxMs, "0.0"),
                ours is null ? "" : Ratio(r.P99Ms, ours.P99Ms),
                N(r.Lost, "#,0"), N(r.Duplicated, "#,0"), N(r.Reordered, "#,0"),
                N(r.Disconnected, "0") + (r.Spec.Slow > 0 ? $" (+{r.SlowDisconnected}/{r.Spec.Slow} slow)" : ""),
                N(r.LoginSeconds, "0.00"), N(r.ServerCpuSeconds, "0.00"), N(r.ToolCpuSeconds, "0.00"), N(r.ServerCpuSeconds * 1e6 / r.Deliveries, "0.00"),
                N(r.ServerPeakRssMiB, "0"), N(r.BytesPerRead, "0"),
                r.Error ?? "",
            ]);
        }
        Align(text, table);
    }

    private static void LoginTable(StringBuilder text, List<RunResult> rows)
    {
        var table = new List<string[]>
        {
            new[] { "server", "logged in", "login s", "notices drained s", "srv CPU s", "tool CPU s", "srv peak MiB", "RSS KiB/client", "note" },
        };
        foreach (RunResult r in rows)
        {
            table.Add(
            [
                r.Label, $"{r.LoggedIn}/{r.Spec.Clients}", N(r.LoginSeconds, "0.00"), N(r.SettleSeconds, "0.00"),
                N(r.ServerCpuSeconds, "0.00"), N(r.ToolCpuSeconds, "0.00"), N(r.ServerPeakRssMiB, "0"), N(r.RssKiBPerClient, "0.00"),
                r.Error ?? "",
            ]);
        }
        Align(text, table);
    }

    /// <summary>The targets for our server, each with its figures and verdict.</summary>
    public static IEnumerable<string> Targets(IReadOnlyList<RunResult> medians)
    {
        // A run that failed before measuring has nothing to compare; with several runs per
        // process, the targets are for the warm server, i.e. the last run.
        int last = medians.Count == 0 ? 0 : medians.Max(r => r.Run);
        medians = [.. medians.Where(r => r.Run == last && (r.Spec.Kind != RunKind.Messages || r.Deliveries > 0))];
        var ours = medians.Where(r => r.Server == ServerTarget.Ours).ToList();
        foreach (RunResult o in ours.Where(r => r.Spec.Kind == RunKind.Messages && r.Spec.Slow == 0 && !r.Spec.Scenario.StartsWith("slow", StringComparison.Ordinal)))
        {
            string load = $"{o.Spec.Scenario} ({o.Spec.Clients} clients)";
            if (medians.FirstOrDefault(r => r.Spec == o.Spec && r.Server == ServerTarget.InspIrcd) is { } insp)
            {
                yield return Verdict(o.DeliveriesPerSecond >= insp.DeliveriesPerSecond,
                    $"{load}: deliveries/s >= InspIRCd's: {o.DeliveriesPerSecond:#,0} vs {insp.DeliveriesPerSecond:#,0} ({Ratio(o.DeliveriesPerSecond, insp.DeliveriesPerSecond)})");
                yield return Verdict(o.P99Ms <= insp.P99Ms,
                    $"{load}: p99 <= InspIRCd's: {o.P99Ms:0.00} ms vs {insp.P99Ms:0.00} ms ({Ratio(insp.P99Ms, o.P99Ms)})");
            }
            foreach (RunResult seed in medians.Where(r => r.Spec == o.Spec && r.Server.StartsWith("seed", StringComparison.Ordinal)))
            {
                yield return Verdict(o.DeliveriesPerSecond >= 20 * seed.DeliveriesPerSecond,
                    $"{load}: deliveries/s >= 20x {seed.Server}'s: {Ratio(o.DeliveriesPerSecond, seed.DeliveriesPerSecond)}");
                yield return Verdict(o.P99Ms * 20 <= seed.P99Ms,
                    $"{load}: p99 <= 1/20 of {seed.Server}'s: {o.P99Ms:0.00} ms vs {seed.P99Ms:0.00} ms ({Ratio(seed.P99Ms, o.P99Ms)})");
            }
            yield return Verdict(o.Lost == 0 && o.Duplicated == 0 && o.Reordered == 0,
                $"{load}: nothing lost, duplicated or reordered: {o.Lost}/{o.Duplicated}/{o.Reordered}");
        }
        RunResult? baseline = ours.FirstOrDefault(r => r.Spec.Scenario == "slow-baseline");
        RunResult? slow = ours.FirstOrDefault(r => r.Spec.Scenario == "slow");
        if (baseline is not null && slow is not null)
        {
            double ratio = slow.DeliveriesPerSecond / baseline.DeliveriesPerSecond;
            yield return Verdict(ratio >= 0.9, $"slow: throughput with {slow.Spec.Slow} slow client within 10% of without: {ratio:0.00}x ({slow.DeliveriesPerSecond:#,0} vs {baseline.DeliveriesPerSecond:#,0}/s)");
            yield return Verdict(slow.Lost == 0 && slow.Disconnected == 0, $"slow: nothing lost for the readers: {slow.Lost} lost, {slow.Disconnected} readers disconnected");
            yield return Verdict(slow.SlowDisconnected == slow.Spec.Slow, $"slow: slow client disconnected: {slow.SlowDisconnected} of {slow.Spec.Slow}");
        }
        foreach (RunResult storm in ours.Where(r => r.Spec.Kind == RunKind.Logins))
        {
            double limit = storm.Spec.Clients <= 2000 ? 2 : storm.Spec.Clients <= 10_000 ? 10 : double.NaN;
            if (!double.IsNaN(limit))
            {
                yield return Verdict(storm.LoggedIn == storm.Spec.Clients && storm.LoginSeconds <= limit,
                    $"connect storm: {storm.Spec.Clients} logins within {limit} s: {storm.LoggedIn} in {storm.LoginSeconds:0.00} s");
            }
        }
        foreach (RunResult idle in ours.Where(r => r.Spec.Kind == RunKind.Idle))
        {
            yield return Verdict(idle.RssKiBPerClient <= 10, $"idle: <= 10 KiB RSS per idle client: {idle.RssKiBPerClient:0.00} KiB ({idle.Spec.Clients} clients)");
        }
    }

    /// <summary>
    /// With several runs per process: each process's first run against its last, as
    /// last/first for deliveries/s and first/last for CPU per delivery (1.00x = no JIT
    /// warm-up left to see), then the median of those ratios over the processes.
    /// </summary>
    public static IEnumerable<string> FreshAgainstWarm(IReadOnlyList<RunResult> runs)
    {
        foreach (var process in runs.Where(r => r.Run > 0 && r.Deliveries > 0).GroupBy(r => (r.Spec, r.Server)))
        {
            int last = process.Max(r => r.Run);
            var pairs = process.GroupBy(r => r.Repeat)
                .Select(p => (First: p.FirstOrDefault(r => r.Run == 1), Warm: p.FirstOrDefault(r => r.Run == last)))
                .Where(p => p.First is not null && p.Warm is not null && last > 1)
                .Select(p => (Speed: p.Warm!.DeliveriesPerSecond / p.First!.DeliveriesPerSecond, Cpu: CpuPerDelivery(p.First) / CpuPerDelivery(p.Warm!)))
                .ToList();
            if (pairs.Count == 0)
            {
                continue;
            }
            string each = string.Join(", ", pairs.Select(p => $"{p.Speed:0.00}x/{p.Cpu:0.00}x"));
            yield return $"{process.Key.Spec.Scenario} -> {process.Key.Server}: run {last} / run 1 deliveries/s {Summary.Median(pairs.Select(p => p.Speed)):0.00}x, " +
                $"run 1 / run {last} server CPU per delivery {Summary.Median(pairs.Select(p => p.Cpu)):0.00}x (each process: {each})";
        }
    }

    private static double CpuPerDelivery(RunResult r) => r.ServerCpuSeconds / r.Deliveries;

    private static string Verdict(bool met, string what) => (met ? "MET     " : "MISSED  ") + what;

    private static string Ratio(double a, double b) =>
        double.IsNaN(a) || double.IsNaN(b) || b == 0 ? "" : (a / b).ToString(a / b >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture) + "x";

    private static string N(double value, string format) =>
        double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);

    private static void Align(StringBuilder text, List<string[]> table)
    {
        int columns = table[0].Length;
        int[] widths = [.. Enumerable.Range(0, columns).Select(c => table.Max(row => row[c].Length))];
        foreach (string[] row in table)
        {
            for (int c = 0; c < columns; c++)
            {
                string cell = c == 0 || c == columns - 1 ? row[c].PadRight(widths[c]) : row[c].PadLeft(widths[c]);
                text.Append(cell).Append(c == columns - 1 ? "" : "  ");
            }
            text.Append('\n');
        }
    }
}
