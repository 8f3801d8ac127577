using System.Diagnostics;
using Chat.Tests.EndToEnd;
using Chat.Tests.Support;
using Xunit.Abstractions;

namespace Chat.Tests.Observability;

/// <summary>
/// What an operator runs, for real: <c>dotnet-counters</c> (installed into a temporary tool
/// path from NuGet) collects the <c>Chat</c> counters of the running host. It listens on a
/// diagnostic port the host connects to at start and waits on, so no measurement happens
/// before the session: the totals are exact.
/// </summary>
public sealed class DotnetCountersTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(3);

    private readonly string _temp = Directory.CreateTempSubdirectory("chat-counters-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public async Task Dotnet_counters_reads_logins_messages_and_deliveries_from_the_running_host()
    {
        string tools = Path.Combine(_temp, "tools");
        SdkProcess.Ran install = await SdkProcess.RunAsync(
            SdkProcess.Dotnet, ["tool", "install", "dotnet-counters", "--tool-path", tools], _temp, InstallTimeout);
        if (install.Exit != 0)
        {
            // xunit 2 cannot skip at run time: say why, and pass (MetricsTests count in-process).
            output.WriteLine($"Skipped: dotnet-counters could not be installed from NuGet. {install.Printed}");
            return;
        }
        string port = Path.Combine(_temp, "diagnostics.sock");
        string csv = Path.Combine(_temp, "counters.csv");
        using Process counters = Process.Start(SdkProcess.StartInfo(
            Path.Combine(tools, "dotnet-counters"),
            ["collect", "--diagnostic-port", port, "--counters", "Chat", "--refresh-interval", "1", "--format", "csv", "-o", csv], _temp))!;
        try
        {
            Assert.StartsWith("Waiting for connection on", await counters.StandardOutput.ReadLineAsync().WaitAsync(HostProcess.Timeout));
            await using (HostProcess host = await HostProcess.StartAsync(new Dictionary<string, string> { ["DOTNET_DiagnosticPorts"] = port }))
            {
                await using (TcpChatClient alice = await TcpChatClient.LoginAsync(host.Port, "alice"))
                await using (TcpChatClient bob = await TcpChatClient.LoginAsync(host.Port, "bob"))
                await using (TcpChatClient carol = await TcpChatClient.LoginAsync(host.Port, "carol"))
                {
                    for (int i = 0; i < 4; i++)
                    {
                        await alice.SendLineAsync($"m{i}");
                        Assert.EndsWith($"alice: m{i}", await carol.ReadLineAsync()); // the last in: no join notice to read
                    }
                    await alice.SendLineAsync("/who"); // answered after the four are counted
                    while (!(await alice.ReadLineAsync()).StartsWith("Users in lobby: ", StringComparison.Ordinal))
                    {
                    }
                    // The host publishes what it counted once per refresh interval, and what is
                    // counted after the last one ends with the process: let two go by. Nothing
                    // outside the host can see the interval pass.
                    await Task.Delay(TimeSpan.FromSeconds(2.5));
                }
                Assert.Equal(0, await host.TerminateAsync());
            }
            await counters.WaitForExitAsync().WaitAsync(HostProcess.Timeout); // the target ended: the file is written
        }
        finally
        {
            if (!counters.HasExited)
            {
                counters.Kill(entireProcessTree: true);
            }
        }

        string[] rows = await File.ReadAllLinesAsync(csv);
        output.WriteLine(string.Join('\n', rows.Where(r => !r.EndsWith(",0", StringComparison.Ordinal))));
        Assert.Equal(3, Total(rows, "chat.logins"));
        Assert.Equal(4, Total(rows, "chat.messages.received"));
        Assert.Equal(4 * 2, Total(rows, "chat.deliveries"));
    }

    /// <summary>
    /// A counter's total: the sum of its per-interval rows
    /// (<c>TIME,Chat,chat.logins ({login} / 1 sec),Rate,3</c>).
    /// </summary>
    private static double Total(string[] rows, string counter) =>
        rows.Select(r => r.Split(','))
            .Where(f => f.Length == 5 && f[1] == "Chat" && f[2].StartsWith(counter + " (", StringComparison.Ordinal) && f[3] == "Rate")
            .Sum(f => double.Parse(f[4], System.Globalization.CultureInfo.InvariantCulture));
}
