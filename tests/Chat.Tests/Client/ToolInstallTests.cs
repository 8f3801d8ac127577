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

        SdkProcess.Ran pack = await RunAsync(Dotnet, ["pack", Path.Combine(Repository.Root, "src", "Chat.Client"), "-c", "Release", "-o", packages,
            "--artifacts-path", Path.Combine(_temp, "artifacts"), "--disable-build-servers", $"-p:Version={version}"]);
        Assert.True(pack.Exit == 0, pack.Printed);
        SdkProcess.Ran install = await RunAsync(Dotnet, ["tool", "install", "Chat.Client", "--version", version, "--tool-path", tools, "--configfile", config],
            ("NUGET_PACKAGES", Path.Combine(_temp, "nuget-cache")));
        Assert.True(install.Exit == 0, install.Printed);

        SdkProcess.Ran help = await RunAsync(Path.Combine(tools, "chat"), ["--help"]);

        Assert.Equal(0, help.Exit);
        Assert.StartsWith("Usage: chat [host] [port] [--name NAME]", help.Output);
    }

    private static string Dotnet => SdkProcess.Dotnet;

    private Task<SdkProcess.Ran> RunAsync(string file, string[] args, params (string Name, string Value)[] environment) =>
        SdkProcess.RunAsync(file, args, _temp, BuildTimeout, environment);
}
