using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Chat.Benchmarks.Infrastructure;
using Chat.Core.History;
using Chat.Host.History;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chat.Benchmarks;

/// <summary>
/// The SQLite history store, on a temporary file with the default settings. <see cref="Append"/>:
/// messages per second sustained (Op/s is per message), each call taking 100,000 messages
/// over 10 rooms and waiting until all are committed, so group commit, not the queue, is
/// what is measured. <see cref="Replay50"/>: loading a room's last 50 lines, as a join after a
/// restart does; its cleanup also times 10,000 single loads and prints their percentiles,
/// which BenchmarkDotNet's columns (statistics of iteration means) do not give.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LinesPerSecondConfig))]
public class HistoryStoreBenchmarks
{
    private const int MessagesPerCall = 100_000;
    private const int Rooms = 10;
    private const int ReplayRoomRows = 10_000;

    private static readonly DateTimeOffset Time = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string[] _roomKeys = Enumerable.Range(0, Rooms).Select(i => $"room{i}").ToArray();
    private readonly byte[] _text = System.Text.Encoding.UTF8.GetBytes(new string('x', 100));
    private readonly long[] _sequences = new long[Rooms];
    private string _directory = "";
    private SqliteHistoryStore _store = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("chat-history-bench-").FullName;
        _store = SqliteHistoryStore.Open(
            new HistoryOptions { Path = Path.Combine(_directory, "chat.db") }, TimeProvider.System, NullLogger<SqliteHistoryStore>.Instance);
        for (int i = 1; i <= ReplayRoomRows; i++)
        {
            Add(new StoredMessage("replay", "Replay", i, Time, i, "alice", _text, StoredMessageKind.Message));
        }
        _store.FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = MessagesPerCall)]
    public void Append()
    {
        for (int i = 0; i < MessagesPerCall; i++)
        {
            int room = i % Rooms;
            Add(new StoredMessage(_roomKeys[room], _roomKeys[room], ++_sequences[room], Time, i, "alice", _text, StoredMessageKind.Message));
        }
        _store.FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    [Benchmark]
    public int Replay50() => _store.LoadRoom("replay", 50).Messages.Count;

    [GlobalCleanup(Target = nameof(Replay50))]
    public void PrintReplayPercentiles()
    {
        var microseconds = new double[10_000];
        for (int i = 0; i < microseconds.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            Replay50();
            microseconds[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        Array.Sort(microseconds);
        Console.WriteLine(
            $"// Replay50, {microseconds.Length} single loads: p50 {At(0.50):F1} us, p99 {At(0.99):F1} us, p99.9 {At(0.999):F1} us, max {microseconds[^1]:F1} us");
        Cleanup();

        double At(double quantile) => microseconds[(int)(quantile * (microseconds.Length - 1))];
    }

    [GlobalCleanup(Target = nameof(Append))]
    public void Cleanup()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private void Add(in StoredMessage message)
    {
        while (!_store.TryAppend(message))
        {
            _store.WaitForRoomAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
    }
}
