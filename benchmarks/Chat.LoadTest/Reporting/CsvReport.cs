using System.Globalization;
using System.Text;

namespace Chat.LoadTest.Reporting;

/// <summary>Every run, and the medians (repeat = "median"), one row each.</summary>
internal static class CsvReport
{
    private const string Header =
        "scenario,kind,server,repeat,run,clients,senders,messages,payload_bytes,slow,window," +
        "logged_in,login_s,settle_s,deliveries,seconds,deliveries_per_s,p50_ms,p99_ms,p999_ms,max_ms," +
        "lost,duplicated,reordered,disconnected,slow_disconnected,server_cpu_s,tool_cpu_s,server_cpu_us_per_delivery,server_peak_rss_mib,rss_kib_per_client,bytes_per_read,error";

    public static void Write(string path, IEnumerable<RunResult> runs, IEnumerable<RunResult> medians)
    {
        var csv = new StringBuilder().AppendLine(Header);
        foreach (RunResult r in runs)
        {
            AppendRow(csv, r, r.Repeat.ToString(CultureInfo.InvariantCulture));
        }
        foreach (RunResult r in medians)
        {
            AppendRow(csv, r, "median");
        }
        File.WriteAllText(path, csv.ToString());
    }

    private static void AppendRow(StringBuilder csv, RunResult r, string repeat)
    {
        RunSpec s = r.Spec;
        string[] cells =
        [
            s.Scenario, s.Kind.ToString(), r.Server, repeat, I(r.Run), I(s.Clients), I(s.Senders), I(s.Messages), I(s.Payload), I(s.Slow), I(s.Window),
            I(r.LoggedIn), D(r.LoginSeconds), D(r.SettleSeconds), I(r.Deliveries), D(r.Seconds), D(r.DeliveriesPerSecond, "0"),
            D(r.P50Ms), D(r.P99Ms), D(r.P999Ms), D(r.MaxMs),
            I(r.Lost), I(r.Duplicated), I(r.Reordered), I(r.Disconnected), I(r.SlowDisconnected),
            D(r.ServerCpuSeconds), D(r.ToolCpuSeconds), D(r.Deliveries == 0 ? double.NaN : r.ServerCpuSeconds * 1e6 / r.Deliveries), D(r.ServerPeakRssMiB, "0.0"), D(r.RssKiBPerClient, "0.00"), D(r.BytesPerRead, "0"),
            Quote(r.Error ?? ""),
        ];
        csv.AppendJoin(',', cells).AppendLine();
    }

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string D(double value, string format = "0.000") =>
        double.IsNaN(value) ? "" : value.ToString(format, CultureInfo.InvariantCulture);

    private static string Quote(string text) =>
        text.Contains(',') || text.Contains('"') ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
}
