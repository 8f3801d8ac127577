namespace Chat.Tests.EndToEnd;

/// <summary>
/// What the host prints: exactly one <c>Listening on ADDRESS:PORT</c> line per listening
/// socket on stdout, whatever the logging configuration; everything else obeys it.
/// </summary>
public sealed class HostLoggingTests
{
    [Fact]
    public async Task With_Default_Warning_a_quiet_run_prints_only_the_listening_line()
    {
        await using HostProcess host = await HostProcess.StartAsync("--Logging:LogLevel:Default=Warning");

        await LoginAndQuitAsync(host.Port);
        Assert.Equal(0, await host.TerminateAsync());

        Assert.Equal($"Listening on 127.0.0.1:{host.Port}", host.StandardOutput);
        Assert.Equal("", host.StandardError);
    }

    [Fact]
    public async Task With_default_logging_the_address_is_printed_once_and_the_log_tells_the_story()
    {
        await using HostProcess host = await HostProcess.StartAsync();

        await LoginAndQuitAsync(host.Port);
        Assert.Equal(0, await host.TerminateAsync());

        string[] lines = host.StandardOutput.Split('\n');
        Assert.Equal([$"Listening on 127.0.0.1:{host.Port}"], lines.Where(l => l.Contains($"127.0.0.1:{host.Port}")));
        Assert.Single(lines, l => HostProcess.ListeningLine().IsMatch(l));
        Assert.Contains(lines, l => l.Contains("Application started"));
        Assert.Contains(lines, l => l.Contains("logged in as alice"));
        Assert.Contains(lines, l => l.Contains("(alice) closed: quit"));
        Assert.Equal("", host.StandardError);
    }

    private static async Task LoginAndQuitAsync(int port)
    {
        await using TcpChatClient alice = await TcpChatClient.LoginAsync(port, "alice");
        await alice.SendLineAsync("/quit");
        Assert.Equal("Goodbye!", await alice.ReadLineAsync());
        await alice.ExpectClosedAsync();
    }
}
