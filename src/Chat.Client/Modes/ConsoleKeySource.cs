using System.Threading.Channels;

namespace Chat.Client.Modes;

/// <summary>
/// Keys from <see cref="Console.ReadKey(bool)"/>, which blocks: a background thread reads
/// them into a channel. The thread is left blocked when the client exits; being a
/// background thread, it does not hold the process.
/// </summary>
internal sealed class ConsoleKeySource : IKeySource
{
    private readonly Channel<ConsoleKeyInfo> _keys = Channel.CreateUnbounded<ConsoleKeyInfo>(new UnboundedChannelOptions { SingleWriter = true, SingleReader = true });
    private Thread? _reader;

    public async ValueTask<ConsoleKeyInfo?> ReadKeyAsync(CancellationToken cancellationToken)
    {
        _reader ??= StartReader();
        return await _keys.Reader.WaitToReadAsync(cancellationToken) && _keys.Reader.TryRead(out ConsoleKeyInfo key) ? key : null;
    }

    private Thread StartReader()
    {
        var thread = new Thread(ReadKeys) { IsBackground = true, Name = "Console keys" };
        thread.Start();
        return thread;
    }

    private void ReadKeys()
    {
        try
        {
            while (true)
            {
                _keys.Writer.TryWrite(Console.ReadKey(intercept: true));
            }
        }
        catch (InvalidOperationException)
        {
            // The terminal went away (stdin closed): no more keys.
        }
        _keys.Writer.TryComplete();
    }
}
