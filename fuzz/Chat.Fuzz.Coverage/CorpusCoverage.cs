using Chat.Fuzz.Replay;

namespace Chat.Fuzz.Coverage;

public sealed class CorpusCoverage
{
    [Fact]
    public void The_corpus_replays_cleanly()
    {
        string corpus = Environment.GetEnvironmentVariable("CHAT_FUZZ_CORPUS")
            ?? throw new InvalidOperationException("Set CHAT_FUZZ_CORPUS to a directory of inputs (fuzz/run.sh does).");
        var failures = new List<string>();
        foreach (string path in Directory.GetFiles(corpus))
        {
            try
            {
                ChatReplay.Run(File.ReadAllBytes(path));
            }
            catch (ReplayFailure ex)
            {
                failures.Add($"{Path.GetFileName(path)}: {ex.Message}");
            }
        }
        Assert.Empty(failures);
    }
}
