namespace Chat.Soak;

/// <summary>
/// Whether a series sampled under load levels off or climbs. Judged on the second half of the
/// load (the first is warm-up: JIT, pools, room histories filling, the first slow readers
/// still filling their buffers) by its growth per hour. It must catch a leak of 10 an hour
/// (MB for memory, a count for threads and fds): 10 MB/h is 240 MB a day, which a server meant
/// to run for weeks must not have. So a series climbs at 8 an hour or more, the 2 below 10
/// being what a saw-tooth can move the figure by over an hour's half (below).
/// </summary>
/// <remarks>
/// The growth is the median of the slopes between every two samples at least half the window
/// apart (Theil–Sen, far pairs only). Memory moves in a saw-tooth (the GC's collections, slow
/// readers' buffers filled and dropped), and near pairs mostly measure a tooth's ramp: plain
/// Theil–Sen then reads a flat saw-tooth as growth, and a least-squares fit is swayed by
/// where the window cuts the last tooth and by one spike. Far pairs span many teeth, their
/// differences are as often up as down, and the median ignores spikes. Over an hour's second
/// half, a saw-tooth of 8 MB with a period up to 10 minutes moves the figure by at most
/// 1.7 MB/h (up to 1.5 minutes, not at all); over 12 minutes, by up to 5 MB/h once the period
/// reaches 5 minutes, which is why a short soak's verdict is only a hint.
/// </remarks>
internal static class Trend
{
    /// <summary>The growth per hour the verdict must never call a plateau.</summary>
    public const double LeakPerHour = 10;

    /// <summary>Growth per hour at which a series counts as climbing.</summary>
    public const double ClimbsAtPerHour = LeakPerHour - SawToothError;

    // The most a GC saw-tooth moves the figure over an hour's half (remarks).
    private const double SawToothError = 2;

    // Far pairs of at most this many samples: a 10-hour soak's half at one sample per 5 s
    // is 3,600 samples, whose pairs would take a hundred MB; every k-th sample is as good.
    private const int MaxSamples = 1000;

    /// <summary>The growth per hour of the second half of <paramref name="load"/> (minutes, value), oldest first; null with under 8 samples.</summary>
    public static double? GrowthPerHour(IReadOnlyList<(double Minutes, double Value)> load)
    {
        if (load.Count < 8)
        {
            return null;
        }
        var half = load.Skip(load.Count / 2).ToList();
        int stride = (half.Count + MaxSamples - 1) / MaxSamples;
        var points = half.Where((_, i) => i % stride == 0).ToList();
        double minGap = (points[^1].Minutes - points[0].Minutes) / 2;
        var slopes = new List<double>();
        for (int i = 0; i < points.Count; i++)
        {
            for (int j = points.Count - 1; j > i && points[j].Minutes - points[i].Minutes >= minGap; j--)
            {
                slopes.Add((points[j].Value - points[i].Value) / (points[j].Minutes - points[i].Minutes));
            }
        }
        if (slopes.Count == 0)
        {
            return null;
        }
        slopes.Sort();
        int n = slopes.Count;
        double median = n % 2 == 1 ? slopes[n / 2] : (slopes[n / 2 - 1] + slopes[n / 2]) / 2;
        return median * 60;
    }

    /// <summary>
    /// True when <paramref name="growthPerHour"/> is <see cref="ClimbsAtPerHour"/> or more, as
    /// the summary prints it (to a tenth), so the verdict never disagrees with its figure.
    /// </summary>
    public static bool Climbs(double growthPerHour) => Math.Round(growthPerHour, 1) >= ClimbsAtPerHour;
}
