namespace Chat.Tests.EndToEnd;

/// <summary>A bad setting stops the host before it listens: one line naming the key, exit code 1.</summary>
public sealed class HostSettingsTests
{
    [Theory]
    [InlineData("--Chat:Port=70000", "Invalid setting Chat:Port: 70000 is not between 0 and 65535.")]
    [InlineData("--Chat:Port=-1", "Invalid setting Chat:Port: -1 is not between 0 and 65535.")]
    [InlineData("--Chat:Port=http", "Invalid setting Chat:Port: http is not a whole number.")]
    [InlineData("--Chat:Address=chat.example", "Invalid setting Chat:Address: chat.example is not an IP address.")]
    [InlineData("--Chat:HistorySize=-5", "Invalid setting Chat:HistorySize: -5 is less than 0.")]
    [InlineData("--Chat:MaxMessageLength=0", "Invalid setting Chat:MaxMessageLength: 0 is less than 1.")]
    [InlineData("--Chat:OutboxBytes=-1", "Invalid setting Chat:OutboxBytes: -1 is less than 1.")]
    [InlineData("--Chat:RateLimitWindow=00:00:00", "Invalid setting Chat:RateLimitWindow: 00:00:00 must be more than zero.")]
    [InlineData("--Chat:RateLimitBurst=-1", "Invalid setting Chat:RateLimitBurst: -1 is less than 0.")]
    [InlineData("--Chat:LoginTimeout=soon", "Invalid setting Chat:LoginTimeout: soon is not a duration such as 00:00:05.")]
    public async Task A_bad_value_is_one_line_on_stderr_and_exit_code_one(string argument, string expected)
    {
        var (exitCode, stderr) = await HostProcess.RunToExitAsync([argument]);

        Assert.Equal(1, exitCode);
        Assert.Equal(expected, stderr.Trim());
    }

    [Fact]
    public async Task Environment_variables_are_read_and_checked_too()
    {
        var (exitCode, stderr) = await HostProcess.RunToExitAsync([], new Dictionary<string, string> { ["Chat__MaxConnections"] = "0" });

        Assert.Equal(1, exitCode);
        Assert.Equal("Invalid setting Chat:MaxConnections: 0 is less than 1.", stderr.Trim());
    }

    [Fact]
    public async Task A_port_in_use_fails_start_with_a_clear_line()
    {
        await using HostProcess first = await HostProcess.StartAsync();

        var (exitCode, stderr) = await HostProcess.RunToExitAsync([$"--Chat:Port={first.Port}"]);

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"Cannot listen on 127.0.0.1:{first.Port}: ", stderr.Trim());
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task Unknown_keys_are_ignored_and_settings_take_effect()
    {
        await using HostProcess host = await HostProcess.StartAsync("--Chat:NoSuchKey=1", "--Chat:MaxMessageLength=5");
        await using TcpChatClient alice = await TcpChatClient.LoginAsync(host.Port, "alice");

        await alice.SendLineAsync("123456");
        Assert.Equal("Message too long (max 5 characters).", await alice.ReadLineAsync());
    }
}
