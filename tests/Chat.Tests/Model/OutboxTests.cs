using System.Text;
using Chat.Core.Model;
using Chat.Core.Protocol;
using Chat.Tests.Support;

namespace Chat.Tests.Model;

/// <summary>The outbox on its own: order, the byte bound, the last line, and waking its one writer.</summary>
public class OutboxTests
{
    [Fact]
    public async Task AWaitingWriterIsWokenByTheFirstLine()
    {
        Outbox outbox = NewOutbox(1 << 20);
        ValueTask<bool> waiting = outbox.WaitToReadAsync();
        Assert.False(waiting.IsCompleted);

        outbox.TryEnqueue(Line("one"));

        Assert.True(await waiting.AsTask().DefaultTimeout());
        Assert.Equal(["one"], OutboxContents.TakeAll(outbox));
    }

    [Fact]
    public async Task ABusyWritersLinesWaitForItsNextLookInOrder()
    {
        Outbox outbox = NewOutbox(1 << 20);
        Assert.False(outbox.WaitToReadAsync().IsCompleted);
        outbox.TryEnqueue(Line("wakes it"));
        var expected = Enumerable.Range(0, 3 * LineBatch.Capacity + 5).Select(i => $"line {i}").ToList();
        foreach (string text in expected)
        {
            outbox.TryEnqueue(Line(text));
        }

        Assert.True(await outbox.WaitToReadAsync().AsTask().DefaultTimeout());
        Assert.Equal(["wakes it", .. expected], OutboxContents.TakeAll(outbox));
    }

    [Fact]
    public async Task PastTheByteBoundTheOutboxClosesAndRecordsTheOverflow()
    {
        Outbox outbox = NewOutbox(maxBytes: 10);
        Assert.True(outbox.TryEnqueue(Line("12345"))); // 6 bytes with its LF

        Assert.False(outbox.TryEnqueue(Line("abcde")));
        Assert.False(outbox.TryEnqueue(Line("x")));

        Assert.True(outbox.Overflowed);
        Assert.True(outbox.WhenOverflowed.IsCompletedSuccessfully);
        Assert.True(await outbox.WaitToReadAsync().AsTask().DefaultTimeout());
        Assert.Equal(["12345"], OutboxContents.TakeAll(outbox));
        Assert.False(await outbox.WaitToReadAsync().AsTask().DefaultTimeout());
    }

    [Fact]
    public void LinesTakenByTheWriterNoLongerCountAgainstTheBound()
    {
        Outbox outbox = NewOutbox(maxBytes: 10);
        Assert.True(outbox.TryEnqueue(Line("12345")));
        Assert.Equal(["12345"], OutboxContents.TakeAll(outbox));

        Assert.True(outbox.TryEnqueue(Line("67890")));
        Assert.False(outbox.Overflowed);
    }

    [Fact]
    public void FilledToExactlyItsBoundTheOutboxTakesTheLineAndOneByteMoreOverflowsIt()
    {
        Outbox outbox = NewOutbox(maxBytes: 10);
        Assert.True(outbox.TryEnqueue(Line("1234"))); // 5 bytes with its LF
        Assert.True(outbox.TryEnqueue(Line("5678"))); // 10: exactly the bound

        Assert.False(outbox.Overflowed);
        Assert.False(outbox.TryEnqueue(Line(""))); // its LF is the 11th byte
        Assert.True(outbox.Overflowed);
        Assert.Equal(["1234", "5678"], OutboxContents.TakeAll(outbox));
    }

    [Fact]
    public void TheLastLineMayFillTheOutboxToExactlyItsBound()
    {
        Outbox outbox = NewOutbox(maxBytes: 10);
        Assert.True(outbox.TryEnqueue(Line("1234")));

        outbox.EnqueueLast(Line("Bye!")); // 10 bytes in all

        Assert.False(outbox.Overflowed);
        Assert.Equal(["1234", "Bye!"], OutboxContents.TakeAll(outbox));
    }

    [Fact]
    public async Task ALastLinePastTheBoundOverflowsTheOutbox()
    {
        Outbox outbox = NewOutbox(maxBytes: 10);
        Assert.True(outbox.TryEnqueue(Line("1234")));

        outbox.EnqueueLast(Line("Bye!!"));

        Assert.True(outbox.Overflowed);
        Assert.Equal(["1234"], OutboxContents.TakeAll(outbox));
        Assert.False(await outbox.WaitToReadAsync().AsTask().DefaultTimeout());
    }

    [Fact]
    public async Task WhatWaitsForAnOverflowNeverRunsInsideTheEnqueueThatCausedIt()
    {
        // The enqueue that overflows a client's outbox runs in another user's broadcast, under
        // its room's lock: whatever the client's session does about it must not run there.
        Outbox outbox = NewOutbox(maxBytes: 4);
        int enqueuing = -1; // the thread inside TryEnqueue, while it is
        Task<bool> ranInside = outbox.WhenOverflowed.ContinueWith(
            _ => Environment.CurrentManagedThreadId == Volatile.Read(ref enqueuing),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        await Task.Run(() =>
        {
            Volatile.Write(ref enqueuing, Environment.CurrentManagedThreadId);
            Assert.False(outbox.TryEnqueue(Line("too long")));
            Volatile.Write(ref enqueuing, -1);
        }).DefaultTimeout();

        Assert.False(await ranInside.DefaultTimeout());
    }

    [Fact]
    public async Task NothingFollowsTheLastLine()
    {
        Outbox outbox = NewOutbox(1 << 20);
        outbox.TryEnqueue(Line("before"));

        outbox.EnqueueLast(Line("Goodbye!"));
        outbox.EnqueueLast(Line("second last"));

        Assert.False(outbox.TryEnqueue(Line("after")));
        Assert.True(await outbox.WaitToReadAsync().AsTask().DefaultTimeout());
        Assert.Equal(["before", "Goodbye!"], OutboxContents.TakeAll(outbox));
        Assert.False(await outbox.WaitToReadAsync().AsTask().DefaultTimeout());
    }

    [Fact]
    public async Task ClosingWakesAWaitingWriterToFinish()
    {
        Outbox outbox = NewOutbox(1 << 20);
        ValueTask<bool> waiting = outbox.WaitToReadAsync();

        outbox.Close();

        Assert.False(await waiting.AsTask().DefaultTimeout());
    }

    [Fact]
    public async Task ConcurrentSendersLoseNothingAndKeepEachSendersOrder()
    {
        const int senders = 4, perSender = 50_000;
        Outbox outbox = NewOutbox(long.MaxValue);
        var received = new List<string>();
        Task writer = Task.Run(async () =>
        {
            while (await outbox.WaitToReadAsync())
            {
                received.AddRange(OutboxContents.TakeAll(outbox));
            }
        });

        await Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(() =>
        {
            for (int i = 0; i < perSender; i++)
            {
                Assert.True(outbox.TryEnqueue(Line($"{s} {i}")));
            }
        })));
        outbox.Close();
        await writer.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(senders * perSender, received.Count);
        for (int s = 0; s < senders; s++)
        {
            string prefix = $"{s} ";
            var mine = received.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => int.Parse(l.AsSpan(prefix.Length)));
            Assert.Equal(Enumerable.Range(0, perSender), mine);
        }
    }

    private static Outbox NewOutbox(long maxBytes) => new(maxBytes);

    private static EncodedLine Line(string text) => new(Encoding.UTF8.GetBytes(text + "\n"));
}
