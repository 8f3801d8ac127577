using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Chat.Benchmarks.Infrastructure;

/// <summary>
/// The mean time of one broadcast divided by the lines it delivers (every member but the
/// sender), so rooms of different sizes compare directly: a flat column means fan-out scales
/// linearly.
/// </summary>
public sealed class PerDeliveryColumn : IColumn
{
    /// <summary>The benchmark parameter that holds the room size.</summary>
    public const string MembersParameter = "Members";

    public string Id => nameof(PerDeliveryColumn);
    public string ColumnName => "ns/delivery";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => $"Mean / ({MembersParameter} - 1): the cost of one delivered line, in ns";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (mean is null || benchmarkCase.Parameters[MembersParameter] is not int members || members < 2)
        {
            return "-";
        }
        return (mean.Value / (members - 1)).ToString("N1", style.CultureInfo);
    }

    public override string ToString() => ColumnName;
}
