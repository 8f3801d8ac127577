using System.Diagnostics;
using Chat.Tests.Support;

namespace Chat.Tests.Hosting;

/// <summary>A test that needs systemd-analyze; skipped, not failed, where it is missing (CI installs it).</summary>
public sealed class SystemdAnalyzeFactAttribute : FactAttribute
{
    public const string Path = "/usr/bin/systemd-analyze";

    public SystemdAnalyzeFactAttribute()
    {
        if (!File.Exists(Path))
        {
            Skip = "systemd-analyze is not installed (apt-get install -y systemd)";
        }
    }
}

/// <summary>deploy/chat.service, the unit README.md tells operators to install, is one systemd accepts as written.</summary>
public sealed class ServiceUnitTests : IDisposable
{
    private static readonly string Unit = Path.Combine(Repository.Root, "deploy", "chat.service");
    private readonly string _temp = Directory.CreateTempSubdirectory("chat-unit-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [SystemdAnalyzeFact]
    public async Task The_unit_verifies_without_a_single_complaint()
    {
        // verify also checks that ExecStart's program exists: the unit's /opt/chat is where a
        // publish puts it, so a copy points at the program this test run built instead.
        string text = await File.ReadAllTextAsync(Unit);
        Assert.Contains("ExecStart=/opt/chat/Chat.Host ", text);
        string copy = Path.Combine(_temp, "chat.service");
        await File.WriteAllTextAsync(copy, text.Replace("ExecStart=/opt/chat/Chat.Host ", $"ExecStart={Path.Combine(AppContext.BaseDirectory, "Chat.Host")} "));

        var start = new ProcessStartInfo(SystemdAnalyzeFactAttribute.Path)
        {
            ArgumentList = { "verify", copy },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process verify = Process.Start(start)!;
        Task<string> output = verify.StandardOutput.ReadToEndAsync();
        Task<string> errors = verify.StandardError.ReadToEndAsync();
        await verify.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        // An unknown key or a bad value is only a warning to systemd (exit 0, the line ignored):
        // anything printed fails the test.
        Assert.Equal("", await errors + await output);
        Assert.Equal(0, verify.ExitCode);
    }

    [Fact]
    public async Task The_unit_waits_for_readiness_and_keeps_the_history_in_its_state_directory()
    {
        string[] lines = await File.ReadAllLinesAsync(Unit);

        Assert.Contains("Type=notify", lines);
        Assert.Contains("DynamicUser=yes", lines);
        Assert.Contains("StateDirectory=chat", lines);
        Assert.Contains(lines, l => l.StartsWith("ExecStart=", StringComparison.Ordinal) && l.Contains(" --Chat:HistoryPath=/var/lib/chat/chat.db"));
        // The JIT writes code and runs it: W^X would stop the server at start.
        Assert.DoesNotContain("MemoryDenyWriteExecute=yes", lines);
    }
}
