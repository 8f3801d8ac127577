using Chat.Host.Memory;

namespace Chat.Tests.Hosting;

public class IdleTrimPolicyTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void AQuietProcessThatGrewIsTrimmed()
    {
        var policy = new IdleTrimPolicy(32 * MiB, gen0Collections: 5, committedBytes: 10 * MiB);

        Assert.False(policy.ShouldTrim(40, 500 * MiB)); // the burst: collections going on
        Assert.True(policy.ShouldTrim(40, 500 * MiB));  // then a whole interval without one
    }

    [Fact]
    public void ABusyProcessIsLeftToItsOwnCollections()
    {
        var policy = new IdleTrimPolicy(32 * MiB, 5, 10 * MiB);

        Assert.False(policy.ShouldTrim(6, 500 * MiB));
        Assert.False(policy.ShouldTrim(7, 500 * MiB));
        Assert.False(policy.ShouldTrim(8, 500 * MiB));
    }

    [Fact]
    public void GrowthBelowTheThresholdIsNotWorthATrim()
    {
        var policy = new IdleTrimPolicy(32 * MiB, 5, 10 * MiB);

        Assert.False(policy.ShouldTrim(5, 41 * MiB));
        Assert.True(policy.ShouldTrim(5, 42 * MiB));
    }

    [Fact]
    public void AfterATrimOnlyNewGrowthCounts()
    {
        var policy = new IdleTrimPolicy(32 * MiB, 5, 10 * MiB);
        Assert.True(policy.ShouldTrim(5, 500 * MiB));

        policy.Trimmed(gen0Collections: 6, committedBytes: 80 * MiB);

        Assert.False(policy.ShouldTrim(6, 80 * MiB)); // its own collection is not activity, nor growth
        Assert.False(policy.ShouldTrim(6, 100 * MiB));
        Assert.True(policy.ShouldTrim(6, 112 * MiB));
    }
}
