using System.Diagnostics;

namespace Chat.Tests.EndToEnd;

/// <summary>The real <c>nc</c> (Debian's netcat-openbsd), as a user of the tutorial would connect.</summary>
public sealed class NetcatTests
{
    [Fact]
    public async Task A_netcat_user_logs_in_chats_with_another_client_and_quits()
    {
        Assert.True(File.Exists("/usr/bin/nc"), "nc is missing: apt-get install -y netcat-openbsd (.ci/run does)");
        await using HostProcess host = await HostProcess.StartAsync();
        await using TcpChatClient bob = await TcpChatClient.LoginAsync(host.Port, "bob");

        var start = new ProcessStartInfo("nc", ["127.0.0.1", host.Port.ToString()])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var nc = Process.Start(start)!;
        try
        {
            StreamReader fromServer = nc.StandardOutput;
            await nc.StandardInput.WriteLineAsync("alice");
            await nc.StandardInput.FlushAsync();
            Assert.Equal("*** alice joined lobby ***", await bob.ReadLineAsync());
            Assert.Equal("Welcome! Enter your name: Hello, alice! You can start chatting. Type /help for commands.",
                await fromServer.ReadLineAsync().WaitAsync(TcpChatClient.Timeout));

            await bob.SendLineAsync("hi from bob");
            Assert.Matches(@"^\[\d\d:\d\d\] \[lobby\] bob: hi from bob$", await fromServer.ReadLineAsync().WaitAsync(TcpChatClient.Timeout));

            await nc.StandardInput.WriteLineAsync("hi from nc");
            await nc.StandardInput.FlushAsync();
            Assert.Matches(@"^\[\d\d:\d\d\] \[lobby\] alice: hi from nc$", await bob.ReadLineAsync());

            await nc.StandardInput.WriteLineAsync("/quit");
            await nc.StandardInput.FlushAsync();
            Assert.Equal("Goodbye!", await fromServer.ReadLineAsync().WaitAsync(TcpChatClient.Timeout));
            // netcat-openbsd leaves only once its input ends too, as a user's Ctrl+D does.
            nc.StandardInput.Close();
            Assert.Null(await fromServer.ReadLineAsync().WaitAsync(TcpChatClient.Timeout));
            Assert.Equal("*** alice left the chat ***", await bob.ReadLineAsync());
        }
        finally
        {
            if (!nc.HasExited)
            {
                nc.Kill();
            }
        }
    }
}
