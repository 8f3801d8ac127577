using Chat.Core;
using Chat.Tests.Properties;
using Chat.Fuzz.Replay;

namespace Chat.Tests.Faults;

/// <summary>
/// <c>/quit</c> while the room is busy: PROTOCOL.md §3 says <c>Goodbye!</c>, then the server
/// closes, so no line the room says in between may follow it.
/// </summary>
public sealed class QuitRaceTests
{
    [Fact]
    public async Task Nothing_follows_goodbye_however_busy_the_room()
    {
        var log = new FailureLogger();
        var server = new ChatServer(new ChatOptions { RateLimitMessages = 0, HistorySize = 0 }, TimeProvider.System, log);
        var talker = new PipeConnection(server);
        await talker.SendAsync("talker\n");
        await talker.LinesAsync(1);

        // The talker talks, and users come and go, until every quitter is done.
        using var done = new CancellationTokenSource();
        Task talking = Task.Run(async () =>
        {
            for (int i = 0; i < 1_000_000 && !done.IsCancellationRequested; i++)
            {
                await talker.SendAsync($"line {i}\n");
                if (i % 64 == 0)
                {
                    await Task.Yield();
                }
            }
        });
        var quitters = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            var quitter = new PipeConnection(server);
            await quitter.SendAsync($"q{i}\n/quit\n");
            var (reason, lines) = await quitter.ClosedAsync();
            Assert.Equal(DisconnectReason.Quit, reason);
            Assert.Equal("Goodbye!", lines[^1]);
            Assert.Equal("", quitter.Tail);
        })).ToArray();
        try
        {
            await Task.WhenAll(quitters).WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            done.Cancel();
            await talking.WaitAsync(PipeConnection.Timeout);
            await talker.CloseAsync();
            await talker.ClosedAsync();
        }
        log.ThrowIfAnyError();
    }
}
