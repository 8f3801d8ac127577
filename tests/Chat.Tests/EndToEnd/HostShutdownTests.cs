namespace Chat.Tests.EndToEnd;

public sealed class HostShutdownTests
{
    [Fact]
    public async Task Sigterm_tells_every_client_closes_them_and_exits_with_zero()
    {
        await using HostProcess host = await HostProcess.StartAsync();
        await using TcpChatClient alice = await TcpChatClient.LoginAsync(host.Port, "alice");
        await using TcpChatClient atPrompt = await TcpChatClient.ConnectAsync(host.Port);
        await atPrompt.ExpectAsync("Welcome! Enter your name: ");

        Task<int> exit = host.TerminateAsync();

        Assert.Equal("*** Server is shutting down ***", await alice.ReadLineAsync());
        await alice.ExpectClosedAsync();
        Assert.Equal("*** Server is shutting down ***", await atPrompt.ReadLineAsync());
        await atPrompt.ExpectClosedAsync();
        Assert.Equal(0, await exit);
    }
}
