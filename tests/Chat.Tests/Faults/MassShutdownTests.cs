using System.Diagnostics;
using System.Text;
using Chat.Tests.EndToEnd;

namespace Chat.Tests.Faults;

/// <summary>
/// SIGTERM with a thousand clients connected, some chatting and some still at the name prompt,
/// or with one that has stopped reading: every client that reads is told, and the process is
/// gone with code 0 within ShutdownDrain plus a second (PROTOCOL.md §5).
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class MassShutdownTests
{
    private const int Clients = 1_000;
    private const int LoggedIn = 600;
    private const int AtOnce = 25;
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Sigterm_with_a_thousand_clients_tells_each_and_exits_with_zero_within_the_drain()
    {
        FileLimit.EnsureAtLeast(4_096);
        await using HostProcess host = await HostProcess.StartAsync(
            $"--Chat:ShutdownDrain={Drain:c}", "--Chat:MaxConnectionsPerIp=0", "--Logging:LogLevel:Default=Warning");
        var clients = new TcpChatClient[Clients];
        try
        {
            // Logged-in users in the lobby and in thirty rooms, the rest at the name prompt.
            int next = -1;
            await Task.WhenAll(Enumerable.Range(0, AtOnce).Select(_ => Task.Run(async () =>
            {
                for (int i; (i = Interlocked.Increment(ref next)) < Clients;)
                {
                    if (i < LoggedIn)
                    {
                        clients[i] = await TcpChatClient.LoginAsync(host.Port, $"u{i}");
                        if (i % 2 == 1)
                        {
                            await clients[i].SendLineAsync($"/join room{i % 30}");
                        }
                    }
                    else
                    {
                        clients[i] = await TcpChatClient.ConnectAsync(host.Port);
                        await clients[i].ExpectAsync("Welcome! Enter your name: ");
                    }
                }
            }))).WaitAsync(TimeSpan.FromMinutes(2));
            var clock = Stopwatch.StartNew();
            Task<int> exited = host.TerminateAsync();
            Task[] told = clients.Select((client, i) => Task.Run(async () =>
            {
                // A user may first have the notices of those who came after it; then the notice, then the close.
                await client.ReadUntilAsync("*** Server is shutting down ***");
                await client.ExpectClosedAsync();
            })).ToArray();
            int exitCode = await exited;
            TimeSpan stopping = clock.Elapsed;
            await Task.WhenAll(told).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(0, exitCode);
            Assert.True(stopping <= Drain + TimeSpan.FromSeconds(1), $"the host took {stopping.TotalSeconds:F2} s to exit after SIGTERM");
            HostOutput.AssertNoErrors(host);
        }
        finally
        {
            foreach (TcpChatClient? client in clients)
            {
                if (client is not null)
                {
                    await client.DisposeAsync();
                }
            }
        }
    }

    [Fact]
    public async Task A_client_that_stopped_reading_holds_shutdown_no_longer_than_the_drain()
    {
        // Its outbox may hold far more than the kernel does, so what is queued for it cannot all go.
        await using HostProcess host = await HostProcess.StartAsync(
            $"--Chat:ShutdownDrain={Drain:c}", "--Chat:RateLimitMessages=0", "--Chat:OutboxBytes=67108864");
        await using TcpChatClient stuck = await TcpChatClient.ConnectAsync(host.Port, receiveBufferBytes: 4096);
        await stuck.SendLineAsync("stuck\n/join jam");
        await using TcpChatClient talker = await TcpChatClient.LoginAsync(host.Port, "talker");
        await using TcpChatClient reader = await TcpChatClient.LoginAsync(host.Port, "reader");
        await talker.SendLineAsync("/join jam");
        await talker.ReadUntilAsync("Joined room: jam");

        // About 10 MB for the stuck client, more than the kernel's buffers on both ends hold.
        string text = new('m', 480);
        for (int batch = 0; batch < 40; batch++)
        {
            await talker.SendAsync(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 500).Select(i => $"{batch}.{i} {text}\n"))));
        }
        await talker.SendLineAsync("/who");
        await talker.ReadUntilAsync("Users in jam: stuck, talker");

        var clock = Stopwatch.StartNew();
        Task<int> exited = host.TerminateAsync();
        await reader.ReadUntilAsync("*** Server is shutting down ***"); // after the lobby's notices
        await reader.ExpectClosedAsync();
        int exitCode = await exited;
        TimeSpan stopping = clock.Elapsed;

        Assert.Equal(0, exitCode);
        Assert.True(stopping <= Drain + TimeSpan.FromSeconds(1), $"the host took {stopping.TotalSeconds:F2} s to exit after SIGTERM");
        // It did wait for the stuck client: the drain was tried, not skipped.
        Assert.True(stopping >= Drain - TimeSpan.FromSeconds(0.5), $"the host exited after {stopping.TotalSeconds:F2} s, without draining");
        HostOutput.AssertNoErrors(host);
    }
}
