using System.Diagnostics;

namespace Chat.Tests.Client;

/// <summary>The real client program, as built next to the tests, run as its own process.</summary>
internal static class ClientProcess
{
    /// <summary>
    /// How long to wait on a program started as its own process: longer than the in-process
    /// default, since each start loads a runtime, on a CI machine busy with other tests.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The client's assembly; the test project references Chat.Client, so it is copied here.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "Chat.Client.dll");

    /// <summary>The dotnet host running the tests, so the client runs on the same runtime.</summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : "dotnet";

    /// <summary>A shell command line that runs the client with <paramref name="args"/> (for tmux).</summary>
    public static string CommandLine(params string[] args) =>
        string.Join(' ', new[] { DotnetHost, Dll }.Concat(args).Select(Quote));

    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        return start;
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''") + "'";
}
