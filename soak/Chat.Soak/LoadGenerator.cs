using System.Diagnostics;
using System.Text;

namespace Chat.Soak;

/// <summary>
/// The mixed load, on 127.0.0.1 only, every loop ending by itself at the deadline:
/// <list type="bullet">
/// <item>40 chatters stay logged in and read everything; 20 of them keep room <c>busy</c>
///   loud (a ~450-character message every 260 ms each, under the 5-per-second limit: about
///   35 KB/s to every member), the other 20 talk, PM, <c>/me</c>, list and move between four
///   rooms every 0.5–1.5 s.</item>
/// <item>4 churn loops open and close connections back to back: log in and <c>/quit</c> (some
///   through a temporary room, created and dropped), log in and reset, close at the prompt,
///   send invalid UTF-8, telnet bytes and an over-long line, or fail five names.</item>
/// <item>Every 30 s a slow reader logs in to <c>busy</c> with a 4 KiB receive buffer and never
///   reads, until the server drops it as too slow (its room hears why) or 6 minutes pass.
///   Before the 1 MiB outbox even starts to fill, the kernel's send buffer for that socket
///   (autotuned to ~4 MB on loopback) takes its share, so a drop takes a couple of minutes.</item>
/// </list>
/// </summary>
internal sealed class LoadGenerator(int port, LoadStats stats, DateTime deadline)
{
    private const int Chatters = 40;
    private const int BusyChatters = 20;
    private const int ChurnLoops = 4;
    private static readonly TimeSpan SlowReaderEvery = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SlowReaderPatience = TimeSpan.FromMinutes(6);
    private static readonly string[] Rooms = ["lobby", "dev", "ops", "random"];

    private long _churnId;
    private long _slowId;

    public async Task RunAsync()
    {
        var loops = new List<Task>();
        for (int i = 0; i < Chatters; i++)
        {
            loops.Add(ChatterAsync(i));
        }
        for (int i = 0; i < ChurnLoops; i++)
        {
            loops.Add(ChurnAsync(i));
        }
        loops.Add(SlowReadersAsync());
        await Task.WhenAll(loops);
    }

    private bool Running => DateTime.UtcNow < deadline;

    private async Task ChatterAsync(int index)
    {
        string name = $"chat{index:D2}";
        bool busy = index < BusyChatters;
        var random = new Random(index);
        while (Running)
        {
            SoakClient? client = null;
            try
            {
                client = await SoakClient.ConnectAsync(port, stats, onLine: busy ? OnBusyLine : null);
                await client.LoginAsync(name);
                if (busy)
                {
                    await Command(client, "/join busy");
                }
                while (Running && !client.Closed.IsCompleted)
                {
                    await Task.Delay(busy ? 260 : random.Next(500, 1500));
                    await (busy ? Message(client, new string('b', random.Next(400, 480))) : ChatterAction(client, random));
                }
                if (Running)
                {
                    Interlocked.Increment(ref stats.ChatterReconnects); // the server closed a chatter
                    stats.Error($"{name} was disconnected by the server");
                }
                else
                {
                    await Command(client, "/quit");
                    await client.Closed.WaitAsync(SoakClient.Timeout);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                stats.Error($"{name}: {ex.GetType().Name}: {ex.Message}");
                await Task.Delay(1000);
            }
            finally
            {
                if (client is not null)
                {
                    await client.DisposeAsync();
                }
            }
        }
    }

    private Task ChatterAction(SoakClient client, Random random) => random.Next(100) switch
    {
        < 60 => Message(client, $"message {random.Next()} {new string('m', random.Next(10, 150))}"),
        < 68 => Command(client, $"/me waves {random.Next()}"),
        < 80 => Command(client, $"/msg chat{random.Next(Chatters):D2} psst {random.Next()}"),
        < 88 => Command(client, $"/join {Rooms[random.Next(Rooms.Length)]}"),
        < 92 => Command(client, "/who"),
        < 96 => Command(client, "/list"),
        _ => Command(client, "/rooms"),
    };

    private async Task ChurnAsync(int loop)
    {
        var random = new Random(1000 + loop);
        while (Running)
        {
            long id = Interlocked.Increment(ref _churnId);
            try
            {
                int kind = random.Next(100);
                await using SoakClient client = await SoakClient.ConnectAsync(port, stats);
                if (kind < 40)
                {
                    await client.LoginAsync($"churn{id}");
                    if (random.Next(2) == 0)
                    {
                        await Command(client, $"/join tmp{id % 50}");
                        Interlocked.Increment(ref stats.RoomsCreated);
                    }
                    for (int i = random.Next(1, 4); i > 0; i--)
                    {
                        await Message(client, $"churn message {i}");
                    }
                    await Command(client, "/quit");
                    await client.Closed.WaitAsync(SoakClient.Timeout);
                    Interlocked.Increment(ref stats.Quits);
                }
                else if (kind < 60)
                {
                    await client.LoginAsync($"churn{id}");
                    await Message(client, "gone without a word");
                    await client.AbortAsync();
                    Interlocked.Increment(ref stats.AbruptCloses);
                }
                else if (kind < 75)
                {
                    await Task.Delay(random.Next(50));
                    Interlocked.Increment(ref stats.PromptCloses);
                }
                else if (kind < 90)
                {
                    await client.SendAsync([0xFF, 0xFD, 0x18, 0xFF, 0xFB, 0x01, 0xC3, 0x28, 0xED, 0xA0, 0x80, (byte)'\n']);
                    await client.SendAsync(Encoding.ASCII.GetBytes(new string('x', 6000) + "\n"));
                    await client.LoginAsync($"churn{id}");
                    await client.SendAsync([0x1B, (byte)'[', (byte)'2', (byte)'J', 0xF0, 0x9F, 0x98, (byte)'\r', (byte)'\n']);
                    Interlocked.Increment(ref stats.MessagesSent);
                    await Command(client, "/quit");
                    await client.Closed.WaitAsync(SoakClient.Timeout);
                    Interlocked.Increment(ref stats.GarbageSessions);
                }
                else
                {
                    for (int i = 0; i < 5; i++)
                    {
                        await client.SendLineAsync("not a name!");
                    }
                    await client.Closed.WaitAsync(SoakClient.Timeout);
                    Interlocked.Increment(ref stats.TooManyAttempts);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                stats.Error($"churn{id}: {ex.GetType().Name}: {ex.Message}");
            }
            await Task.Delay(random.Next(50, 200));
        }
    }

    private async Task SlowReadersAsync()
    {
        var running = new List<Task>();
        await Task.Delay(TimeSpan.FromSeconds(10));
        while (Running)
        {
            running.Add(SlowReaderAsync($"slow{Interlocked.Increment(ref _slowId)}"));
            await Task.Delay(SlowReaderEvery);
        }
        await Task.WhenAll(running);
    }

    private async Task SlowReaderAsync(string name)
    {
        var dropped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        stats.SlowReaders[name] = dropped;
        Interlocked.Increment(ref stats.SlowStarted);
        var clock = Stopwatch.StartNew();
        try
        {
            await using SoakClient client = await SoakClient.ConnectAsync(port, stats, read: false, receiveBufferBytes: 4096);
            await client.SendLineAsync(name);
            await client.SendLineAsync("/join busy");
            TimeSpan left = deadline - DateTime.UtcNow + TimeSpan.FromSeconds(5);
            Task timeout = Task.Delay(left < SlowReaderPatience ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : SlowReaderPatience);
            if (await Task.WhenAny(dropped.Task, timeout) == dropped.Task)
            {
                Interlocked.Increment(ref stats.SlowDropped);
                stats.SecondsToDrop.Enqueue(clock.Elapsed.TotalSeconds);
            }
            else
            {
                Interlocked.Increment(ref stats.SlowNotDropped);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            stats.Error($"{name}: {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            stats.SlowReaders.TryRemove(name, out _);
        }
    }

    /// <summary>A busy-room member hears <c>*** slowN left the chat (too slow) ***</c>.</summary>
    private void OnBusyLine(string line)
    {
        const string Suffix = " left the chat (too slow) ***";
        if (line.StartsWith("*** slow", StringComparison.Ordinal) && line.EndsWith(Suffix, StringComparison.Ordinal)
            && stats.SlowReaders.TryGetValue(line[4..^Suffix.Length], out TaskCompletionSource? dropped))
        {
            dropped.TrySetResult();
        }
    }

    private async Task Message(SoakClient client, string text)
    {
        await client.SendLineAsync(text);
        Interlocked.Increment(ref stats.MessagesSent);
    }

    private async Task Command(SoakClient client, string command)
    {
        await client.SendLineAsync(command);
        Interlocked.Increment(ref stats.CommandsSent);
    }
}
