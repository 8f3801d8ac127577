using System.Diagnostics;
using Chat.Tests.Support;

namespace Chat.Tests.Client;

/// <summary>The built client program with its stdin and stdout redirected, as a script runs it.</summary>
public class ClientProcessTests
{
    private static async Task<(int Exit, string Output, string Error)> RunAsync(string input, params string[] args)
    {
        using Process process = Process.Start(ClientProcess.StartInfo(args))!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync().WaitAsync(ClientProcess.Timeout);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
        return (process.ExitCode, await output.WaitAsync(ClientProcess.Timeout), await error.WaitAsync(ClientProcess.Timeout));
    }

    [Fact]
    public async Task Piped_input_is_sent_and_server_lines_are_printed_as_they_are()
    {
        await using var server = new LoopbackChatServer();
        await using ChatPeer yuri = await ChatPeer.LoginAsync(server, "yuri");

        (int exit, string output, string error) = await RunAsync("/who\nпривет, 世界 😀\n", server.Host, server.Port.ToString(), "--name", "zoe");

        Assert.Equal(0, exit);
        Assert.Equal(
            "Welcome! Enter your name: \nHello, zoe! You can start chatting. Type /help for commands.\nUsers in lobby: yuri, zoe\n",
            output);
        Assert.Equal("", error);
        await yuri.ExpectAsync(l => l.Text.EndsWith("] [lobby] zoe: привет, 世界 😀", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_connection_exits_1()
    {
        int port = ExitCodeTests.ClosedPort();

        (int exit, string output, string error) = await RunAsync("", "127.0.0.1", port.ToString());

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal($"Cannot connect to 127.0.0.1:{port}: Connection refused\n", error);
    }
}
