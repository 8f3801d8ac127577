using Chat.Tests.EndToEnd;

namespace Chat.Tests.Faults;

/// <summary>What a host's own output says about how it coped.</summary>
internal static class HostOutput
{
    /// <summary>No error or critical log line and nothing on stderr: every fault was handled as an expected one.</summary>
    public static void AssertNoErrors(HostProcess host)
    {
        string[] errors = host.StandardOutput.Split('\n').Where(l => l.Contains(" fail: ") || l.Contains(" crit: ")).ToArray();
        Assert.True(errors.Length == 0, "the host logged errors:\n" + string.Join('\n', errors.Take(20)));
        Assert.Equal("", host.StandardError.Trim());
    }
}
