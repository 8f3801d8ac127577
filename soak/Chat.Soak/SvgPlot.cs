using System.Globalization;
using System.Text;

namespace Chat.Soak;

/// <summary>One line of a panel: a name, a colour and a value per sample (null where unknown).</summary>
internal sealed record Series(string Name, string Color, Func<Sample, double?> Value);

/// <summary>One chart of the plot, with its own y axis.</summary>
internal sealed record Panel(string Title, string Unit, params Series[] Series);

/// <summary>
/// Draws samples as an SVG of stacked panels sharing the time axis, by hand: the plot needs
/// lines, axes and a legend, not a plotting library and its native dependencies.
/// </summary>
internal static class SvgPlot
{
    private const int Width = 1100;
    private const int PanelHeight = 250;
    private const int Left = 80;
    private const int Right = 240;
    private const int Top = 80;
    private const int Gap = 60;

    public static string Render(string title, IReadOnlyList<Sample> samples, double loadEndSeconds, IReadOnlyList<Panel> panels)
    {
        int height = Top + panels.Count * (PanelHeight + Gap);
        double minutes = Math.Max(samples.Count > 0 ? samples[^1].Seconds / 60 : 1, 1.0 / 60);
        int plotWidth = Width - Left - Right;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{height}" font-family="sans-serif" font-size="12">""").AppendLine();
        svg.AppendLine($"""<rect width="100%" height="100%" fill="white"/>""");
        svg.AppendLine($"""<text x="{Left}" y="28" font-size="16" font-weight="bold">{Escape(title)}</text>""");
        for (int p = 0; p < panels.Count; p++)
        {
            Panel panel = panels[p];
            int top = Top + p * (PanelHeight + Gap);
            int bottom = top + PanelHeight;
            double max = NiceMax(panel.Series.SelectMany(s => samples.Select(s.Value)).Where(v => v.HasValue).Select(v => v!.Value).DefaultIfEmpty(1).Max());
            double X(double seconds) => Left + plotWidth * (seconds / 60) / minutes;
            double Y(double value) => bottom - PanelHeight * value / max;

            // The cool-down after the load, shaded.
            if (loadEndSeconds / 60 < minutes)
            {
                svg.AppendLine(Invariant($"""<rect x="{X(loadEndSeconds):0.#}" y="{top}" width="{Left + plotWidth - X(loadEndSeconds):0.#}" height="{PanelHeight}" fill="#f0f0f0"/>"""));
            }
            svg.AppendLine($"""<text x="{Left}" y="{top - 10}" font-size="14" font-weight="bold">{Escape(panel.Title)}</text>""");
            for (int i = 0; i <= 5; i++)
            {
                double value = max * i / 5;
                double y = Y(value);
                svg.AppendLine(Invariant($"""<line x1="{Left}" x2="{Left + plotWidth}" y1="{y:0.#}" y2="{y:0.#}" stroke="#ddd"/>"""));
                svg.AppendLine(Invariant($"""<text x="{Left - 6}" y="{y + 4:0.#}" text-anchor="end">{value:0.##}</text>"""));
            }
            double step = NiceStep(minutes);
            for (double m = 0; m <= minutes + 1e-9; m += step)
            {
                double x = X(m * 60);
                svg.AppendLine(Invariant($"""<line x1="{x:0.#}" x2="{x:0.#}" y1="{top}" y2="{bottom}" stroke="#eee"/>"""));
                svg.AppendLine(Invariant($"""<text x="{x:0.#}" y="{bottom + 16}" text-anchor="middle">{m:0.##}</text>"""));
            }
            svg.AppendLine(Invariant($"""<text x="{Left + plotWidth / 2}" y="{bottom + 34}" text-anchor="middle">minutes</text>"""));
            svg.AppendLine(Invariant($"""<text x="18" y="{top + PanelHeight / 2}" text-anchor="middle" transform="rotate(-90 18 {top + PanelHeight / 2})">{Escape(panel.Unit)}</text>"""));
            svg.AppendLine(Invariant($"""<rect x="{Left}" y="{top}" width="{plotWidth}" height="{PanelHeight}" fill="none" stroke="#444"/>"""));

            for (int s = 0; s < panel.Series.Length; s++)
            {
                Series series = panel.Series[s];
                var points = samples.Where(x => series.Value(x).HasValue).Select(x => Invariant($"{X(x.Seconds):0.#},{Y(series.Value(x)!.Value):0.#}"));
                svg.AppendLine($"""<polyline fill="none" stroke="{series.Color}" stroke-width="1.8" points="{string.Join(' ', points)}"/>""");
                int ly = top + 16 + s * 20;
                svg.AppendLine(Invariant($"""<line x1="{Left + plotWidth + 14}" x2="{Left + plotWidth + 38}" y1="{ly - 4}" y2="{ly - 4}" stroke="{series.Color}" stroke-width="3"/>"""));
                svg.AppendLine(Invariant($"""<text x="{Left + plotWidth + 44}" y="{ly}">{Escape(series.Name)}</text>"""));
            }
        }
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>The smallest of 1, 2, 2.5 or 5 times a power of ten at or above <paramref name="value"/>.</summary>
    private static double NiceMax(double value)
    {
        if (value <= 0)
        {
            return 1;
        }
        double power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (double factor in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (factor * power >= value)
            {
                return factor * power;
            }
        }
        return 10 * power;
    }

    private static double NiceStep(double minutes) => minutes switch
    {
        <= 2 => 0.25,
        <= 5 => 0.5,
        <= 12 => 1,
        <= 30 => 2,
        <= 60 => 5,
        _ => 10,
    };
}
