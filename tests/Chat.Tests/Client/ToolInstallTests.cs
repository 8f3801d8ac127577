using System.Diagnostics;
using Chat.Tests.Support;

namespace Chat.Tests.Client;

/// <summary>
/// The client as .NET users install it: packed as a tool, installed into a tool path, run as
/// <c>chat</c>. Everything happens in a temporary folder (build output, packages, NuGet's
/// package cache, the tool path) that the test deletes, and NuGet reads only that folder's
/// config, so no stale package and no network source can answer in place of this build.
/// </summary>
public sealed class ToolInstallTests : IDisposable
{
    /// <summary>Packing is a restore and a Release build of the client and Chat.Core.</summary>
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    private readonly string _temp = Directory.CreateTempSubdirectory("chat-tool-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public async Task The_packed_client_installs_as_a_tool_and_chat_help_prints_usage()
    {
        // A version of its own: a package cache anywhere can never hold this one.
        string version = "0.0.0-test." + Guid.NewGuid().ToString("N");
        string packages = Path.Combine(_temp, "packages");
        string tools = Path.Combine(_temp, "tools");
        string config = Path.Combine(_temp, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="packed" value="{packages}" />
              </packageSources>
            </configuration>
            """);

        Ran pack = await RunAsync(Dotnet, ["pack", Path.Combine(Repository.Root, "src", "Chat.Client"), "-c", "Release", "-o", packages,
            "--artifacts-path", Path.Combine(_temp, "artifacts"), "--disable-build-servers", $"-p:Version={version}"]);
        Assert.True(pack.Exit == 0, pack.Printed);
        Ran install = await RunAsync(Dotnet, ["tool", "install", "Chat.Client", "--version", version, "--tool-path", tools, "--configfile", config],
            ("NUGET_PACKAGES", Path.Combine(_temp, "nuget-cache")));
        Assert.True(install.Exit == 0, install.Printed);

        Ran help = await RunAsync(Path.Combine(tools, "chat"), ["--help"]);

        Assert.Equal(0, help.Exit);
        Assert.StartsWith("Usage: chat [host] [port] [--name NAME]", help.Output);
    }

    /// <summary>The dotnet that runs the tests, so pack and install use the same SDK.</summary>
    private static string Dotnet => ClientProcess.DotnetHost;

    private sealed record Ran(int Exit, string Output, string Printed);

    /// <summary>Runs a program to its end: its exit code, its stdout, and all it printed.</summary>
    private async Task<Ran> RunAsync(string file, string[] args, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _temp,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // `dotnet test` leaves its MSBuild's settings in the environment; the SDK started here
        // must find its own. The tool's launcher finds the runtime through DOTNET_ROOT.
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
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(BuildTimeout);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        string stdout = await output.WaitAsync(BuildTimeout);
        string printed = $"{file} {string.Join(' ', args)} exited with {process.ExitCode}:\n{stdout}{await error.WaitAsync(BuildTimeout)}";
        return new Ran(process.ExitCode, stdout, printed);
    }
}
