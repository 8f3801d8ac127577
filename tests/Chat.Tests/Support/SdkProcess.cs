using System.Diagnostics;
using Chat.Tests.Client;

namespace Chat.Tests.Support;

/// <summary>
/// Runs the .NET SDK that runs the tests (pack, tool install), or a tool it installed, in a
/// clean environment: what <c>dotnet test</c> set for its own MSBuild is removed.
/// </summary>
internal static class SdkProcess
{
    /// <summary>The dotnet that runs the tests, so pack and install use the same SDK.</summary>
    public static string Dotnet => ClientProcess.DotnetHost;

    public sealed record Ran(int Exit, string Output, string Printed);

    public static ProcessStartInfo StartInfo(string file, IEnumerable<string> args, string workingDirectory, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // `dotnet test` leaves its MSBuild's settings in the environment; the SDK started here
        // must find its own. A tool's launcher finds the runtime through DOTNET_ROOT.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
        if (Path.IsPathRooted(Dotnet))
        {
            start.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(Dotnet);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }
        return start;
    }

    /// <summary>Runs a program to its end: its exit code, its stdout, and all it printed.</summary>
    public static async Task<Ran> RunAsync(
        string file, string[] args, string workingDirectory, TimeSpan timeout, params (string Name, string Value)[] environment)
    {
        using Process process = Process.Start(StartInfo(file, args, workingDirectory, environment))!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        string stdout = await output.WaitAsync(timeout);
        string printed = $"{file} {string.Join(' ', args)} exited with {process.ExitCode}:\n{stdout}{await error.WaitAsync(timeout)}";
        return new Ran(process.ExitCode, stdout, printed);
    }
}
