using ScottPlot;

namespace Chat.LoadTest.Reporting;

/// <summary>
/// The comparison at a glance: deliveries per second (left) and p99 latency (right), one
/// group of bars per room size, one colour per server.
/// </summary>
internal static class ChartReport
{
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2"];

    /// <summary>False when there is nothing to draw (no completed message run).</summary>
    public static bool Write(string path, IReadOnlyList<RunResult> medians, int repeats)
    {
        List<RunResult> runs = [.. medians.Where(r => r.Spec.Kind == RunKind.Messages && r.Deliveries > 0)];
        if (runs.Count == 0)
        {
            return false;
        }
        List<RunSpec> groups = [.. runs.Select(r => r.Spec).Distinct()];
        List<string> servers = [.. runs.Select(r => r.Label).Distinct()];

        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        Plot throughput = multiplot.GetPlot(0);
        Plot latency = multiplot.GetPlot(1);
        string suffix = repeats > 1 ? $" (median of {repeats})" : "";
        Draw(throughput, runs, groups, servers, r => r.DeliveriesPerSecond / 1e6, v => $"{v:0.00}M", $"Deliveries per second{suffix}", "million deliveries / s", showLegend: false);
        Draw(latency, runs, groups, servers, r => r.P99Ms, v => v >= 10 ? $"{v:0}" : $"{v:0.0}", $"p99 latency{suffix}", "ms (lower is better)", showLegend: true);
        multiplot.SavePng(path, 1600, 650);
        return true;
    }

    private static void Draw(Plot plot, List<RunResult> runs, List<RunSpec> groups, List<string> servers,
        Func<RunResult, double> value, Func<double, string> label, string title, string yLabel, bool showLegend)
    {
        double width = 0.8 / servers.Count;
        var bars = new List<Bar>();
        for (int g = 0; g < groups.Count; g++)
        {
            for (int s = 0; s < servers.Count; s++)
            {
                RunResult? run = runs.FirstOrDefault(r => r.Spec == groups[g] && r.Label == servers[s]);
                if (run is null)
                {
                    continue;
                }
                double v = value(run);
                bars.Add(new Bar
                {
                    Position = g + (s - (servers.Count - 1) / 2.0) * width,
                    Value = v,
                    Size = width * 0.92,
                    FillColor = Color.FromHex(Palette[s % Palette.Length]),
                    LineWidth = 0,
                    Label = label(v),
                });
            }
        }
        ScottPlot.Plottables.BarPlot plotted = plot.Add.Bars(bars);
        plotted.ValueLabelStyle.FontSize = 11;
        double[] positions = [.. Enumerable.Range(0, groups.Count).Select(i => (double)i)];
        string[] names = [.. groups.Select(g => $"{g.Scenario}\n{g.Clients} clients, {g.Senders}x{g.Messages} msgs")];
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, names);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Margins(bottom: 0, top: 0.15);
        plot.Title(title);
        plot.YLabel(yLabel);
        plot.HideGrid();
        for (int s = 0; s < servers.Count && showLegend; s++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = servers[s], FillColor = Color.FromHex(Palette[s % Palette.Length]) });
        }
        if (showLegend)
        {
            plot.ShowLegend(Edge.Right);
        }
    }
}
