using System.Globalization;

namespace Chat.LoadTest.Measurement;

/// <summary>CPU time and memory of one process, read from <c>/proc</c> (Linux).</summary>
internal readonly record struct ProcSample(double CpuSeconds, long RssKiB, long PeakRssKiB)
{
    public static readonly ProcSample None = new(double.NaN, 0, 0);

    public bool IsValid => !double.IsNaN(CpuSeconds);
}

internal static class ProcStats
{
    // USER_HZ: the unit of utime and stime in /proc/PID/stat; 100 on every Linux ABI we run on.
    private const double ClockTicksPerSecond = 100.0;

    public static ProcSample Self() => Read(Environment.ProcessId);

    /// <summary>The process's user+system CPU seconds, its RSS and its peak RSS (VmHWM).</summary>
    public static ProcSample Read(int? pid)
    {
        if (pid is null)
        {
            return ProcSample.None;
        }
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name is in parentheses and may hold spaces: fields count from after ')'.
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long utime = long.Parse(fields[11], CultureInfo.InvariantCulture); // field 14 overall
            long stime = long.Parse(fields[12], CultureInfo.InvariantCulture); // field 15
            long rss = 0, peak = 0;
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = KiB(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = KiB(line);
                }
            }
            return new ProcSample((utime + stime) / ClockTicksPerSecond, rss, peak);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return ProcSample.None; // the process has gone
        }
    }

    private static long KiB(string line) =>
        long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
}
