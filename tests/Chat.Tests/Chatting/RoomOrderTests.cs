using System.Text;
using System.Text.RegularExpressions;
using Chat.Tests.Support;

namespace Chat.Tests.Chatting;

/// <summary>
/// PROTOCOL.md §2: all members of a room receive its lines in one and the same order, and a
/// sender's lines in the order it sent them; nothing twice, nothing lost.
/// </summary>
public sealed partial class RoomOrderTests
{
    private const int Senders = 4;
    private const int Listeners = 2;
    private const int LinesPerSender = 100;
    private const int LinesPerWrite = 10; // several lines a read, so each sender's session posts in bursts

    [Fact]
    public async Task ConcurrentSendersAreSeenInOneOrderByEveryMember()
    {
        await using var server = new TestServer();
        var everyone = new List<TestClient>();
        for (int i = 0; i < Senders + Listeners; i++)
        {
            string name = i < Senders ? $"s{i}" : $"listener{i - Senders}";
            everyone.Add(await server.LoginAsync(name, [.. everyone]));
        }
        List<TestClient> senders = everyone[..Senders];

        Task[] sending = senders.Select((client, s) => Task.Run(async () =>
        {
            for (int n = 0; n < LinesPerSender; n += LinesPerWrite)
            {
                string lines = string.Concat(Enumerable.Range(n, LinesPerWrite).Select(k => $"{s}-{k}\n"));
                await client.SendRawAsync(Encoding.UTF8.GetBytes(lines));
            }
        })).ToArray();
        Task<List<(int Sender, int N)>>[] receiving = everyone.Select((client, i) => Task.Run(async () =>
        {
            int expected = (i < Senders ? Senders - 1 : Senders) * LinesPerSender;
            var received = new List<(int, int)>();
            for (int k = 0; k < expected; k++)
            {
                received.Add(Parse(await client.ReadLineAsync()));
            }
            return received;
        })).ToArray();
        await Task.WhenAll(sending).DefaultTimeout();
        List<(int Sender, int N)>[] seen = await Task.WhenAll(receiving).DefaultTimeout();

        List<(int Sender, int N)> order = seen[Senders];
        Assert.Equal(Senders * LinesPerSender, order.Distinct().Count()); // every line once
        for (int s = 0; s < Senders; s++)
        {
            Assert.Equal(Enumerable.Range(0, LinesPerSender), order.Where(l => l.Sender == s).Select(l => l.N)); // in the sender's order
        }
        for (int l = 1; l < Listeners; l++)
        {
            Assert.Equal(order, seen[Senders + l]);
        }
        for (int s = 0; s < Senders; s++)
        {
            Assert.Equal(order.Where(l => l.Sender != s), seen[s]); // the same order, less its own lines
        }
        foreach (TestClient client in everyone)
        {
            await client.ExpectNothingPendingAsync();
        }
    }

    private static (int Sender, int N) Parse(string line)
    {
        Match match = MessageLine().Match(line);
        Assert.True(match.Success, $"not a message line: \"{line}\"");
        int sender = int.Parse(match.Groups[1].Value);
        Assert.Equal(match.Groups[1].Value, match.Groups[2].Value); // the line is from who it says
        return (sender, int.Parse(match.Groups[3].Value));
    }

    [GeneratedRegex(@"^\[14:02\] \[lobby\] s(\d+): (\d+)-(\d+)$")]
    private static partial Regex MessageLine();
}
