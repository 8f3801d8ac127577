using Chat.Soak;

namespace Chat.Tests.Soak;

/// <summary>
/// The soak's live-heap series (soak/Chat.Soak/ProcessSampler.cs): the old generations' size,
/// taken only from a dotnet-counters report whose interval had a full collection and no gen1
/// one, read from a CSV as dotnet-counters writes it, sampling this very process.
/// </summary>
public sealed class ProcessSamplerTests : IDisposable
{
    private readonly string _csv = Path.Combine(Path.GetTempPath(), $"counters-{Guid.NewGuid():N}.csv");

    public void Dispose() => File.Delete(_csv);

    [Fact]
    public void The_old_generations_after_a_full_collection_are_the_live_heap()
    {
        Report("12/06/2026 05:19:33", gen0: 0, gen1: 0, gen2: 1, gen2Bytes: 2 << 20, lohBytes: 1 << 20);

        Assert.Equal(3, Sample().GcLiveMb);
    }

    [Fact]
    public void A_full_collection_followed_by_another_report_before_the_sample_is_still_taken_once()
    {
        Report("12/06/2026 05:19:33", gen0: 0, gen1: 0, gen2: 1, gen2Bytes: 2 << 20, lohBytes: 1 << 20);
        Report("12/06/2026 05:19:38", gen0: 2, gen1: 0, gen2: 0, gen2Bytes: 5 << 20, lohBytes: 1 << 20);
        var sampler = new ProcessSampler(Environment.ProcessId, _csv);

        Assert.Equal(3, sampler.Take(0, "load", new LoadStats()).GcLiveMb);
        Assert.Null(sampler.Take(5, "load", new LoadStats()).GcLiveMb);
    }

    [Theory]
    [InlineData(3, 0, 0)] // gen0 collections only: gen1 and gen2 hold what was promoted since the last full one
    [InlineData(0, 1, 1)] // a gen1 collection after the full one promoted more into gen2
    public void Other_reports_give_no_live_heap(int gen0, int gen1, int gen2)
    {
        Report("12/06/2026 05:19:33", gen0, gen1, gen2, gen2Bytes: 2 << 20, lohBytes: 1 << 20);

        Assert.Null(Sample().GcLiveMb);
    }

    [Fact]
    public void A_report_not_all_written_yet_gives_no_live_heap()
    {
        Report("12/06/2026 05:19:33", gen0: 3, gen1: 0, gen2: 0, gen2Bytes: 2 << 20, lohBytes: 1 << 20);
        // The next report's collection counts are written, its heap sizes not yet.
        File.AppendAllLines(_csv, Collections("12/06/2026 05:19:38", 0, 0, 1));

        Assert.Null(Sample().GcLiveMb);
    }

    private Sample Sample() => new ProcessSampler(Environment.ProcessId, _csv).Take(0, "load", new LoadStats());

    private void Report(string at, int gen0, int gen1, int gen2, long gen2Bytes, long lohBytes)
    {
        if (!File.Exists(_csv))
        {
            File.WriteAllLines(_csv, ["Timestamp,Provider,Counter Name,Counter Type,Mean/Increment"]);
        }
        File.AppendAllLines(_csv, [
            .. Collections(at, gen0, gen1, gen2),
            $"{at},System.Runtime,dotnet.gc.last_collection.heap.size (By)[gc.heap.generation=gen0],Metric,{5 << 20}",
            $"{at},System.Runtime,dotnet.gc.last_collection.heap.size (By)[gc.heap.generation=gen1],Metric,{4 << 20}",
            $"{at},System.Runtime,dotnet.gc.last_collection.heap.size (By)[gc.heap.generation=gen2],Metric,{gen2Bytes}",
            $"{at},System.Runtime,dotnet.gc.last_collection.heap.size (By)[gc.heap.generation=loh],Metric,{lohBytes}",
            $"{at},System.Runtime,dotnet.gc.last_collection.heap.size (By)[gc.heap.generation=poh],Metric,0",
        ]);
    }

    private static string[] Collections(string at, int gen0, int gen1, int gen2) =>
    [
        $"{at},System.Runtime,dotnet.gc.collections ({{collection}} / 5 sec)[gc.heap.generation=gen0],Rate,{gen0}",
        $"{at},System.Runtime,dotnet.gc.collections ({{collection}} / 5 sec)[gc.heap.generation=gen1],Rate,{gen1}",
        $"{at},System.Runtime,dotnet.gc.collections ({{collection}} / 5 sec)[gc.heap.generation=gen2],Rate,{gen2}",
    ];
}
