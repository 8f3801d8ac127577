namespace Chat.Host.Memory;

/// <summary>
/// When to hand memory back to the operating system: once the process has gone quiet (no
/// gen0 collection for a whole interval) after its committed memory grew by at least
/// <c>growthBytes</c> since the last trim. A busy server collects on its own and is left to;
/// a quiet one never collects again, so without this it would keep the peak of its last
/// burst for good (a 10,000-user login storm left ~40 KiB of RSS on every idle client).
/// </summary>
internal sealed class IdleTrimPolicy(long growthBytes, int gen0Collections, long committedBytes)
{
    private int _lastGen0 = gen0Collections;
    private long _baseline = committedBytes;

    /// <summary>Called once an interval with the GC's figures; true when now is the time to trim.</summary>
    public bool ShouldTrim(int gen0Collections, long committedBytes)
    {
        bool quiet = gen0Collections == _lastGen0;
        _lastGen0 = gen0Collections;
        return quiet && committedBytes - _baseline >= growthBytes;
    }

    /// <summary>After a trim: its own collection is not activity, and what it left is the new baseline.</summary>
    public void Trimmed(int gen0Collections, long committedBytes)
    {
        _lastGen0 = gen0Collections;
        _baseline = committedBytes;
    }
}
