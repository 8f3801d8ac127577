using System.Runtime.InteropServices;

namespace Chat.Tests.Faults;

/// <summary>
/// The open-file limit (RLIMIT_NOFILE) of the test process, which the host process it starts
/// inherits. A thousand clients need a thousand sockets here and a thousand there, and a
/// default soft limit of 1,024 would fail them for a reason that has nothing to do with the chat.
/// </summary>
internal static class FileLimit
{
    private const int RlimitNofile = 7; // Linux

    /// <summary>Raises the soft limit to at least <paramref name="needed"/> (up to the hard limit), or fails saying how to fix it.</summary>
    public static void EnsureAtLeast(ulong needed)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        Assert.Equal(0, GetRlimit(RlimitNofile, out Rlimit limit));
        if (limit.Current >= needed)
        {
            return;
        }
        Assert.True(limit.Maximum >= needed,
            $"the hard open-file limit is {limit.Maximum}, this test needs {needed}: raise it (ulimit -Hn) before running the tests, as .ci/run does");
        limit.Current = needed;
        Assert.Equal(0, SetRlimit(RlimitNofile, ref limit));
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Rlimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [DllImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static extern int GetRlimit(int resource, out Rlimit limit);

    [DllImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static extern int SetRlimit(int resource, ref Rlimit limit);
}
