using Chat.Soak;

namespace Chat.Tests.Soak;

/// <summary>
/// The soak's verdict (soak/Chat.Soak/Trend.cs) on synthetic series shaped like what it
/// samples: two hours of load, one sample every 5 s, memory in a GC saw-tooth.
/// </summary>
public sealed class TrendTests
{
    private const double Minutes = 120;
    private const double SampleMinutes = 5.0 / 60;

    [Theory]
    [InlineData(1.5, 8)]   // gen0/gen1 collections: a tooth every minute or two
    [InlineData(10, 8)]    // a slow tooth, as RSS moves with slow readers' buffers
    [InlineData(0.7, 30)]  // a deep one
    public void A_flat_series_in_a_saw_tooth_is_a_plateau(double periodMinutes, double amplitudeMb)
    {
        var series = Series(t => 100 + SawTooth(t, periodMinutes, amplitudeMb));

        double growth = Trend.GrowthPerHour(series)!.Value;

        Assert.InRange(growth, -2, 2);
        Assert.True(growth < Trend.ClimbsAtPerHour);
        Assert.False(Trend.Climbs(growth));
    }

    [Theory]
    [InlineData(1.5, 8)]
    [InlineData(10, 8)]
    [InlineData(0.7, 30)]
    public void Ten_MB_an_hour_under_a_saw_tooth_climbs(double periodMinutes, double amplitudeMb)
    {
        var series = Series(t => 100 + t * Trend.LeakPerHour / 60 + SawTooth(t, periodMinutes, amplitudeMb));

        double growth = Trend.GrowthPerHour(series)!.Value;

        Assert.InRange(growth, 8, 12);
        Assert.True(Trend.Climbs(growth));
    }

    [Fact]
    public void Ten_MB_an_hour_climbs_where_the_old_quarter_means_verdict_said_plateau()
    {
        // The old verdict: plateau when the last quarter's mean is within 10% + 2 MB of the
        // second quarter's. On a 100 MB process over two hours, 10 MB/h is 117.5 against
        // 107.5: within it.
        var series = Series(t => 100 + t * 10 / 60);
        double q2 = series.Skip(series.Count / 4).Take(series.Count / 4).Average(p => p.Value);
        double q4 = series.Skip(3 * series.Count / 4).Average(p => p.Value);
        Assert.True(q4 <= q2 * 1.10 + 2);

        Assert.True(Trend.Climbs(Trend.GrowthPerHour(series)!.Value));
    }

    [Fact]
    public void A_cap_reached_in_the_first_half_is_a_plateau()
    {
        // A pool filling up to its cap during warm-up, then full.
        var series = Series(t => 100 + Math.Min(t, 50) * 0.5 + SawTooth(t, 1.5, 8));

        Assert.False(Trend.Climbs(Trend.GrowthPerHour(series)!.Value));
    }

    [Fact]
    public void Spikes_do_not_make_a_plateau_climb()
    {
        // A heap dump near the end of the load forces a collection and a jump in RSS.
        var series = Series(t => 100 + SawTooth(t, 1.5, 8) + (t is > 110 and < 112 ? 60 : 0));

        Assert.InRange(Trend.GrowthPerHour(series)!.Value, -2, 2);
    }

    [Fact]
    public void Too_few_samples_give_no_figure()
    {
        Assert.Null(Trend.GrowthPerHour([(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7)]));
    }

    [Theory]
    [InlineData(7.94, false)]
    [InlineData(7.96, true)]
    [InlineData(10, true)]
    [InlineData(-30, false)]
    public void The_verdict_agrees_with_the_figure_printed_to_a_tenth(double growthPerHour, bool climbs)
    {
        Assert.Equal(climbs, Trend.Climbs(growthPerHour));
    }

    private static List<(double Minutes, double Value)> Series(Func<double, double> value)
    {
        var series = new List<(double Minutes, double Value)>();
        for (int i = 0; i < Minutes / SampleMinutes; i++)
        {
            double t = i * SampleMinutes + Jitter(i);
            series.Add((t, value(t)));
        }
        return series;
    }

    /// <summary>The sampler's timer is not exact: up to 0.2 s late, the same every run.</summary>
    private static double Jitter(int i) => (i * 7919 % 101) / 100.0 * 0.2 / 60;

    /// <summary>Rising slowly and dropping at once, as the heap between collections.</summary>
    private static double SawTooth(double minutes, double periodMinutes, double amplitude) =>
        amplitude * (minutes / periodMinutes % 1.0);
}
