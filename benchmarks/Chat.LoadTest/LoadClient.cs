using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Chat.LoadTest.Protocols;

namespace Chat.LoadTest;

/// <summary>
/// One simulated user: one socket, one receive loop that reads big batches into its own
/// buffer and parses lines as spans (no allocation per line), and, for a sender, one send
/// loop that writes every message its window allows in one call.
/// </summary>
internal sealed class LoadClient
{
    private readonly LoadRun _run;
    private readonly Dialect _dialect;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    // Per sender: a bit per sequence number seen, and the highest seen (for reordering).
    private readonly ulong[][] _seen;
    private readonly int[] _highest;
    private byte[] _buffer;
    private bool _stopReading;
    private volatile bool _closing;
    private SemaphoreSlim? _gate;
    private SslStream? _tls; // over Socket, when the run speaks TLS

    public LoadClient(LoadRun run, int index, bool slow, int bufferBytes)
    {
        _run = run;
        _dialect = run.Dialect;
        Index = index;
        Name = $"{run.NamePrefix}{index}";
        IsSlow = slow;
        _buffer = new byte[bufferBytes];
        RunSpec spec = run.Spec;
        bool reads = !slow && spec.Kind == RunKind.Messages;
        _seen = new ulong[reads ? spec.Senders : 0][];
        for (int i = 0; i < _seen.Length; i++)
        {
            _seen[i] = new ulong[(spec.Messages + 63) / 64];
        }
        _highest = new int[_seen.Length];
        Array.Fill(_highest, -1);
    }

    public int Index { get; }

    public string Name { get; }

    public bool IsSlow { get; }

    public Socket Socket { get; } = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public bool LoggedIn { get; private set; }

    /// <summary>Stopwatch ticks when the login completed.</summary>
    public long LoggedInAt { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The server closed or reset the connection (not we).</summary>
    public bool PeerClosed { get; private set; }

    // Counters: written only by this client's receive loop, read by the run's monitor.
    public long BytesReceived;
    public long Reads;
    public long Deliveries;
    public long Duplicates;
    public long Reordered;
    public long Garbled;
    public long TooSlowNotices;

    /// <summary>
    /// Connects, logs in and reads until the connection ends (a slow client: until logged in).
    /// With a <paramref name="gate"/>, waits for a login slot first and frees it once logged in.
    /// </summary>
    public async Task RunAsync(IPEndPoint server, SemaphoreSlim? gate, CancellationToken connectTimeout)
    {
        try
        {
            if (gate is not null)
            {
                await gate.WaitAsync(connectTimeout);
                _gate = gate;
            }
            Socket.NoDelay = true;
            await Socket.ConnectAsync(server, connectTimeout);
            if (_run.Tls)
            {
                _tls = new SslStream(new NetworkStream(Socket, ownsSocket: false));
                await _tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = "localhost",
                    // The tool's own throwaway certificate, on loopback: what is measured is the cost of TLS, not trust.
                    RemoteCertificateValidationCallback = static (_, _, _, _) => true,
                }, connectTimeout);
            }
            await SendAsync(_dialect.Login(Name), connectTimeout);
            await ReceiveLoopAsync();
        }
        catch (OperationCanceledException)
        {
            Error ??= "connect timed out";
        }
        catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException && !_closing)
        {
            Error ??= ex is SocketException socketError ? socketError.SocketErrorCode.ToString() : ex.Message;
            PeerClosed = LoggedIn;
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            // We closed it.
        }
        finally
        {
            if (!LoggedIn)
            {
                Error ??= "closed before logging in";
                OnLoginEnded();
            }
        }
    }

    /// <summary>Sends every message the window allows, in one write each time it opens.</summary>
    public async Task SendMessagesAsync(SenderWindow window, int payload, CancellationToken cancellationToken)
    {
        int lineBytes = _dialect.MaxMessageBytes(payload);
        byte[] batch = new byte[lineBytes * window.Window];
        int next = 0;
        while (next < window.Messages)
        {
            int limit = window.Limit;
            if (next >= limit)
            {
                await window.WaitForRoomAsync(cancellationToken);
                continue;
            }
            long sent = Stopwatch.GetTimestamp() - _run.StartTicks;
            int length = 0;
            int first = next;
            for (; next < limit; next++)
            {
                length += _dialect.WriteMessage(batch.AsSpan(length), Index, next, sent, payload);
            }
            await SendAsync(batch.AsMemory(0, length), cancellationToken);
            for (int seq = first; seq < next; seq++)
            {
                window.Sent(seq);
            }
        }
    }

    /// <summary>
    /// After the run: reads what the server still had for this (slow) client and reports
    /// whether the server had closed the connection, within <paramref name="timeout"/>.
    /// </summary>
    public async Task<bool> WasClosedByServerAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                int n = await ReceiveAsync(_buffer, cts.Token);
                if (n == 0)
                {
                    return true;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            return true; // reset: closed with unread data
        }
        catch (OperationCanceledException)
        {
            return false; // still open, still sending
        }
    }

    private void OnLoginEnded()
    {
        Interlocked.Exchange(ref _gate, null)?.Release();
        _run.OnLoginEnded(this);
    }

    /// <summary>Closes the socket; the receive loop ends quietly.</summary>
    public void Close()
    {
        _closing = true;
        Socket.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        int start = 0;
        int end = 0;
        bool quickAck = _run.QuickAck;
        while (true)
        {
            if (end == _buffer.Length)
            {
                if (start == 0)
                {
                    Array.Resize(ref _buffer, _buffer.Length * 2); // one line longer than the buffer
                }
                else
                {
                    Buffer.BlockCopy(_buffer, start, _buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
            }
            int received = await ReceiveAsync(_buffer.AsMemory(end), CancellationToken.None);
            if (received == 0)
            {
                PeerClosed = !_closing;
                return;
            }
            if (quickAck)
            {
                Native.RearmQuickAck(Socket);
            }
            BytesReceived += received;
            Reads++;
            end += received;
            start = HandleLines(start, end, Stopwatch.GetTimestamp());
            if (start == end)
            {
                start = end = 0;
            }
            if (_stopReading)
            {
                return; // a slow client: logged in, never reads again
            }
        }
    }

    /// <summary>Handles every complete line in the buffer; returns where the unfinished one starts.</summary>
    private int HandleLines(int start, int end, long now)
    {
        ReadOnlySpan<byte> rest = _buffer.AsSpan(start, end - start);
        int consumed = start;
        int lf;
        while (!_stopReading && (lf = rest.IndexOf((byte)'\n')) >= 0)
        {
            HandleLine(rest[..lf], now);
            rest = rest[(lf + 1)..];
            consumed += lf + 1;
        }
        return consumed;
    }

    private void HandleLine(ReadOnlySpan<byte> line, long now)
    {
        int marker;
        if (LoggedIn && _seen.Length > 0 && (marker = line.IndexOf(Dialect.Marker)) >= 0)
        {
            // Before the measured phase, a test message can only be history (a warm-up's
            // messages, replayed on join): not this run's, so not counted.
            if (_run.Measuring)
            {
                OnMessage(line[(marker + 1)..], now);
            }
            return;
        }
        LineMeaning meaning = _dialect.Interpret(line, LoggedIn, _run.WatchTooSlow, out byte[]? reply);
        if (reply is not null)
        {
            _ = SendQuietlyAsync(reply);
        }
        switch (meaning)
        {
            case LineMeaning.LoggedIn when !LoggedIn:
                LoggedIn = true;
                LoggedInAt = Stopwatch.GetTimestamp();
                _stopReading = IsSlow;
                OnLoginEnded();
                break;
            case LineMeaning.Rejected when !LoggedIn:
                Error = System.Text.Encoding.UTF8.GetString(line).Trim();
                break;
            case LineMeaning.TooSlowNotice:
                TooSlowNotices++;
                break;
        }
    }

    private void OnMessage(ReadOnlySpan<byte> text, long now)
    {
        if (!Dialect.TryParseMessage(text, out int sender, out int seq, out long sentTicks)
            || (uint)sender >= (uint)_seen.Length || (uint)seq >= (uint)_run.Spec.Messages || sender == Index)
        {
            Garbled++;
            return;
        }
        ref ulong word = ref _seen[sender][seq >> 6];
        ulong bit = 1UL << (seq & 63);
        if ((word & bit) != 0)
        {
            Duplicates++;
            return;
        }
        word |= bit;
        if (seq < _highest[sender])
        {
            Reordered++;
        }
        else
        {
            _highest[sender] = seq;
        }
        Deliveries++;
        _run.Latency.Record(now - _run.StartTicks - sentTicks);
        _run.Windows[sender].Delivered(seq);
    }

    private async Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            if (_tls is not null)
            {
                await _tls.WriteAsync(bytes, cancellationToken);
                return;
            }
            while (!bytes.IsEmpty)
            {
                int sent = await Socket.SendAsync(bytes, SocketFlags.None, cancellationToken);
                bytes = bytes[sent..];
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task SendQuietlyAsync(byte[] bytes)
    {
        try
        {
            await SendAsync(bytes, CancellationToken.None);
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            // The connection is going away; its receive loop reports it.
        }
    }

    private ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        _tls is null ? Socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken) : _tls.ReadAsync(buffer, cancellationToken);
}
