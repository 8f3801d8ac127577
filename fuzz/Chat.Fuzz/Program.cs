using System.Security.Cryptography;
using Chat.Fuzz.Replay;
using SharpFuzz;

// Under afl-fuzz (fuzz/run.sh): every input is replayed against a fresh server; a
// ReplayFailure or any other exception is reported to AFL as a crash, and AFL's -t catches
// what never returns. OutOfProcess keeps the forkserver alive when a child has to be killed.
//
// By hand: dotnet Chat.Fuzz.dll --replay [--transcript] FILE_OR_DIR... replays each input
// once and prints what failed, with the stack trace; exit code 1 if anything did.
if (args.Length > 0 && args[0] == "--replay")
{
    bool transcript = args.Contains("--transcript");
    return await ReplayFiles(args.Skip(1).Where(a => a != "--transcript"), transcript);
}

string? failures = Environment.GetEnvironmentVariable("CHAT_FUZZ_FAILURES");
Fuzzer.OutOfProcess.Run(stream =>
{
    using var memory = new MemoryStream();
    stream.CopyTo(memory);
    byte[] input = memory.ToArray();
    try
    {
        ChatReplay.Run(input);
    }
    catch (Exception ex) when (failures is not null)
    {
        Record(failures, input, ex);
        throw;
    }
});
return 0;

// One file per distinct failure (its first line and the top of its stack), with the input's
// hash and the whole exception, so crashes can be triaged without replaying them.
static void Record(string directory, byte[] input, Exception ex)
{
    string key = Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Signature(ex))))[..16];
    string path = Path.Combine(directory, $"failure-{key}.txt");
    if (!File.Exists(path))
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(path, $"input sha256 {Convert.ToHexString(SHA256.HashData(input))}, {input.Length} bytes\n{ex}\n");
    }
}

static string Signature(Exception ex)
{
    Exception root = ex;
    while (root.InnerException is not null)
    {
        root = root.InnerException;
    }
    string firstFrames = string.Join('\n', (root.StackTrace ?? "").Split('\n').Take(3));
    // Timeouts name the turn; one signature per kind of hang is enough.
    string message = ex is ReplayFailure && root == ex ? new string(ex.Message.Where(c => !char.IsDigit(c)).ToArray()) : root.GetType().FullName!;
    return message + "\n" + firstFrames;
}

static async Task<int> ReplayFiles(IEnumerable<string> paths, bool transcript)
{
    int failed = 0, passed = 0;
    foreach (string path in paths.SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p).Order() : (IEnumerable<string>)[p]))
    {
        if (Path.GetFileName(path) == "README.txt")
        {
            continue; // AFL writes one into crashes/
        }
        try
        {
            IReadOnlyList<ClientTranscript> clients = ChatReplay.Run(await File.ReadAllBytesAsync(path));
            passed++;
            Console.WriteLine($"OK   {path} ({string.Join(", ", clients.Select(c => $"client {c.Client}: {c.Reason}"))})");
            if (transcript)
            {
                foreach (ClientTranscript client in clients)
                {
                    Console.WriteLine($"--- client {client.Client} received:\n{client.Text}\n---");
                }
            }
        }
        catch (Exception ex)
        {
            failed++;
            Console.WriteLine($"FAIL {path}\n{ex}\n");
        }
    }
    Console.WriteLine($"{passed} passed, {failed} failed");
    return failed == 0 ? 0 : 1;
}
