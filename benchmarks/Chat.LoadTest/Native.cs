using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Chat.LoadTest;

/// <summary>The few Linux calls .NET does not wrap: file-descriptor limits, signals, TCP_QUICKACK.</summary>
internal static partial class Native
{
    private const int RlimitNoFile = 7;
    private const int IpProtoTcp = 6;
    private const int TcpQuickAck = 12;

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Max;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrlimit(int resource, out RLimit limit);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setrlimit(int resource, in RLimit limit);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);

    /// <summary>
    /// Raises this process's open-file limit to at least <paramref name="needed"/> if it can
    /// (the hard limit too when running as root). Children started later inherit it, so a
    /// server we start can accept as many. Returns the soft limit now in force.
    /// </summary>
    public static ulong EnsureOpenFiles(ulong needed)
    {
        if (getrlimit(RlimitNoFile, out RLimit limit) != 0)
        {
            return 0;
        }
        if (limit.Current >= needed)
        {
            return limit.Current;
        }
        var raised = new RLimit { Current = needed, Max = Math.Max(limit.Max, needed) };
        if (setrlimit(RlimitNoFile, raised) != 0)
        {
            // Not root: the most we may have is the hard limit.
            raised = new RLimit { Current = limit.Max, Max = limit.Max };
            setrlimit(RlimitNoFile, raised);
        }
        getrlimit(RlimitNoFile, out limit);
        return limit.Current;
    }

    public static void Terminate(int pid) => kill(pid, 15); // SIGTERM: let the server shut down gracefully

    /// <summary>
    /// Asks the kernel to ACK at once instead of delaying. Linux clears the flag again on its
    /// own, so it has to be re-armed after every read; a server that does not set TCP_NODELAY
    /// otherwise waits up to 40 ms for our ACK before sending its next small segment.
    /// </summary>
    public static void RearmQuickAck(Socket socket)
    {
        Span<byte> one = [1, 0, 0, 0];
        try
        {
            socket.SetRawSocketOption(IpProtoTcp, TcpQuickAck, one);
        }
        catch (SocketException)
        {
            // The socket is closing: nothing to acknowledge.
        }
    }

    public static int SoMaxConn()
    {
        try
        {
            return int.Parse(File.ReadAllText("/proc/sys/net/core/somaxconn").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
        {
            return -1;
        }
    }
}
