using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace Chat.Benchmarks.Infrastructure;

/// <summary>Adds Op/s; with OperationsPerInvoke set to the lines per call, that is lines per second.</summary>
public sealed class LinesPerSecondConfig : ManualConfig
{
    public LinesPerSecondConfig()
    {
        AddColumn(StatisticColumn.OperationsPerSecond);
    }
}

/// <summary>Adds <see cref="PerDeliveryColumn"/> to a broadcast benchmark.</summary>
public sealed class FanOutConfig : ManualConfig
{
    public FanOutConfig()
    {
        AddColumn(new PerDeliveryColumn());
    }
}
