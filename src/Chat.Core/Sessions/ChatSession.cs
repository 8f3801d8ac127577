using System.Buffers;
using System.IO.Pipelines;
using Chat.Core.Commands;
using Chat.Core.Events;
using Chat.Core.Model;
using Chat.Core.Protocol;
using Microsoft.Extensions.Logging;

namespace Chat.Core.Sessions;

/// <summary>
/// One connection, from its first byte read to its last byte written: the name prompt, then
/// each line cleaned and handed to a command or posted to the user's room. One read loop
/// handles its lines in order and never waits on another client; one write loop drains the
/// outbox to the transport, a batch per flush.
/// </summary>
internal sealed class ChatSession : ICommandConnection
{
    private const int MaxNameAttempts = 5;
    // Big enough that a burst to one client is a few syscalls; small enough that a flush fills
    // few pipe segments, since a pipe keeps every segment object it ever had in use at once.
    private const int FlushThreshold = 16 * 1024;

    private readonly ChatServer _server;
    private readonly IDuplexPipe _transport;
    private readonly Outbox _outbox;
    private readonly LinePacer _pacer;
    private readonly Lock _gate = new();
    private ITimer? _loginTimer;
    private ChatUser? _user;
    private CommandContext? _commands;
    private ChatUser? _joining; // named, waiting to be let into the lobby
    private Task<bool>? _login;
    private bool _timedOutWhileJoining;
    private bool _closing;
    private bool _checkedForTls;
    private bool _lineHeld; // over the rate, or the history store full: it waits in the input for its turn
    private bool _storeFull; // held for the store's room, not for the rate
    private int _failedAttempts;
    private int _stopReason;

    public ChatSession(ChatServer server, IDuplexPipe transport, long id)
    {
        _server = server;
        _transport = transport;
        Id = id;
        ChatOptions options = server.Options;
        _outbox = new Outbox(options.OutboxBytes, () => Abort(DisconnectReason.TooSlow));
        _pacer = new LinePacer(
            new SlidingWindowRateLimiter(options.RateLimitMessages, options.RateLimitWindow, server.Time), options.RateLimitBurst, server.Time);
    }

    public long Id { get; }

    private DisconnectReason StopReason => (DisconnectReason)Volatile.Read(ref _stopReason);

    public async Task<DisconnectReason> RunAsync()
    {
        Task writing = WriteLoopAsync();
        Send(ServerText.Welcome);
        _loginTimer = _server.Time.CreateTimer(_ => OnLoginTimeout(), null, _server.Options.LoginTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            await ReadLoopAsync();
        }
        catch (Exception ex)
        {
            ChatLog.ConnectionFailed(_server.Logger, ex, Id, _user?.Name ?? "");
            Stop(DisconnectReason.Error);
        }
        _loginTimer?.Dispose();
        DisconnectReason reason = StopReason;
        if (_user is { } user)
        {
            await _server.Directory.RemoveAsync(user, reason switch
            {
                DisconnectReason.Shutdown => null,
                DisconnectReason.TooSlow => LeaveReason.TooSlow,
                _ => LeaveReason.Quit,
            });
        }
        await DrainAsync(writing, reason);
        await _transport.Input.CompleteAsync();
        ChatLog.Disconnected(_server.Logger, Id, _user?.Name ?? "-", reason.Describe());
        return reason;
    }

    /// <summary>Queues <paramref name="line"/> for this client; never waits.</summary>
    public void Send(EncodedLine line) => _outbox.TryEnqueue(line);

    /// <summary>The line being handled could not be stored yet: it is handled again once the store has room.</summary>
    public void HoldForStore() => _lineHeld = _storeFull = true;

    /// <summary>
    /// Ends the session after the lines already queued, <c>Goodbye!</c> last: nothing the room
    /// says before the user is taken off line follows it (PROTOCOL.md §3: <c>Goodbye!</c>, then
    /// the server closes the connection).
    /// </summary>
    public void Quit()
    {
        _outbox.EnqueueLast(ServerText.Goodbye);
        Stop(DisconnectReason.Quit);
    }

    /// <summary>Tells the client the server is going away and ends the session (PROTOCOL.md §5).</summary>
    public void Shutdown()
    {
        lock (_gate)
        {
            _closing = true;
        }
        _outbox.EnqueueLast(ServerText.ShuttingDown);
        Abort(DisconnectReason.Shutdown);
    }

    private async Task ReadLoopAsync()
    {
        PipeReader input = _transport.Input;
        var framer = new LineFramer(_server.Options.MaxLineBytes);
        var telnet = new TelnetNegotiator();
        long readByTelnet = 0; // the front of the buffer telnet has read: what the framer left last time
        while (StopReason == DisconnectReason.None)
        {
            ReadResult result = await input.ReadAsync();
            if (result.IsCanceled || StopReason != DisconnectReason.None)
            {
                break;
            }
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (!_checkedForTls && buffer.Length >= 2)
            {
                _checkedForTls = true;
                if (ForeignProtocol.IsTlsHandshake(buffer))
                {
                    Stop(DisconnectReason.WrongProtocol); // a TLS client could read no reply
                    break;
                }
            }
            AnswerTelnet(ref telnet, buffer.Slice(readByTelnet));
            HandleLines(ref framer, ref buffer);
            readByTelnet = buffer.Length;
            if (_login is { } login)
            {
                // The lines after the name stay in the pipe until the user is in the lobby.
                input.AdvanceTo(buffer.Start);
                _login = null;
                FinishLogin(await login);
                continue;
            }
            if (_lineHeld)
            {
                // The held line and those after it stay in the pipe: reading pauses, and a
                // sender that keeps sending fills the pipe and then its own TCP window.
                input.AdvanceTo(buffer.Start);
                await (_storeFull ? _pacer.WaitAfterAdmittedAsync(_server.History.WaitForRoomAsync) : _pacer.WaitAsync());
                _lineHeld = _storeFull = false;
                continue;
            }
            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                Stop(DisconnectReason.Closed);
            }
        }
    }

    /// <summary>
    /// Answers telnet option negotiation when its bytes arrive, before the lines that came with
    /// them: telnet's Ctrl+C asks <c>DO TIMING-MARK</c> with no line end after it, and shows
    /// nothing until that is answered.
    /// </summary>
    private void AnswerTelnet(ref TelnetNegotiator telnet, in ReadOnlySequence<byte> received)
    {
        telnet.Read(received);
        while (telnet.TryTakeRefusal(out EncodedLine refusal))
        {
            Send(refusal);
        }
    }

    private void HandleLines(ref LineFramer framer, ref ReadOnlySequence<byte> buffer)
    {
        // Scratch for cleaning lives only while this read's lines are handled, so an idle
        // connection holds none (ArrayPool makes the rent nearly free).
        int max = _server.Options.MaxLineBytes;
        byte[] bytes = ArrayPool<byte>.Shared.Rent(max);
        char[] chars = ArrayPool<char>.Shared.Rent(max);
        try
        {
            while (StopReason == DisconnectReason.None && _login is null && !_lineHeld)
            {
                ReadOnlySequence<byte> unread = buffer;
                FrameStatus status = framer.TryReadLine(ref buffer, out ReadOnlySequence<byte> line);
                if (status == FrameStatus.NeedMore)
                {
                    _pacer.CaughtUp();
                    break;
                }
                if (status == FrameStatus.TooLong)
                {
                    OnTooLongLine();
                    continue;
                }
                OnLine(LineSanitizer.Clean(line, bytes, chars));
                if (_lineHeld)
                {
                    buffer = unread; // framed and handled again once the rate admits it
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private void OnTooLongLine()
    {
        if (_user is null)
        {
            RejectName(ServerText.InvalidName);
        }
        else
        {
            Send(_server.TooLong);
        }
    }

    private void OnLine(ReadOnlySpan<char> text)
    {
        if (_user is null)
        {
            OnNameLine(text);
            return;
        }
        if (text.IsEmpty)
        {
            return;
        }
        IChatCommand command = _server.Commands.Resolve(text, out ReadOnlySpan<char> arguments);
        if (!command.IsRateLimited || TryAcceptLine())
        {
            command.Execute(_commands!, arguments);
        }
    }

    /// <summary>
    /// Counts a line against the rate limit. False when over it: the line is either held, to be
    /// handled again in its turn, or refused with a reply.
    /// </summary>
    private bool TryAcceptLine()
    {
        switch (_pacer.Admit())
        {
            case Admission.Now:
                return true;
            case Admission.Later:
                _lineHeld = true;
                return false;
            default:
                Send(ServerText.RateLimited);
                return false;
        }
    }

    private void OnNameLine(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            Send(ServerText.EmptyName); // no attempt: a stray Enter costs nothing
            Send(ServerText.NamePrompt);
            return;
        }
        if (ForeignProtocol.IsHttpRequestLine(text))
        {
            Send(ServerText.NotHttp);
            Stop(DisconnectReason.WrongProtocol);
            return;
        }
        if (!NameRules.TryNormalize(text, out string name))
        {
            RejectName(ServerText.InvalidName);
            return;
        }
        var user = new ChatUser(name, _server.Door, _outbox);
        lock (_gate)
        {
            if (_closing)
            {
                return;
            }
            _joining = user;
        }
        Task<bool> adding = _server.Directory.TryAddAsync(user);
        if (adding.IsCompleted)
        {
            FinishLogin(adding.Result);
        }
        else
        {
            _login = adding; // the read loop waits for it before the next line
        }
    }

    private void FinishLogin(bool accepted)
    {
        bool timedOut;
        lock (_gate)
        {
            if (accepted)
            {
                _user = _joining;
            }
            _joining = null;
            timedOut = _timedOutWhileJoining;
        }
        if (!accepted)
        {
            RejectName(ServerText.NameTaken);
            if (timedOut)
            {
                OnLoginTimeout();
            }
            return;
        }
        _loginTimer?.Dispose();
        _loginTimer = null; // a logged-in user holds no timer
        _commands = new CommandContext(_user!, _server.Directory, _server.Door, _server.Commands, _server.Options, _server.Logger, this);
        ChatLog.LoggedIn(_server.Logger, Id, _user!.Name);
    }

    private void RejectName(EncodedLine reason)
    {
        Send(reason);
        if (++_failedAttempts >= MaxNameAttempts)
        {
            Send(ServerText.TooManyAttempts);
            Stop(DisconnectReason.TooManyAttempts);
            return;
        }
        Send(ServerText.NamePrompt);
    }

    private void OnLoginTimeout()
    {
        lock (_gate)
        {
            if (_user is not null || _closing)
            {
                return;
            }
            if (_joining is not null)
            {
                _timedOutWhileJoining = true; // decided when the login is: too late if it succeeds
                return;
            }
            _closing = true;
        }
        Send(ServerText.TimedOut);
        Abort(DisconnectReason.TimedOut);
    }

    private bool Stop(DisconnectReason reason) =>
        Interlocked.CompareExchange(ref _stopReason, (int)reason, (int)DisconnectReason.None) == (int)DisconnectReason.None;

    /// <summary>Stops the session from outside its read loop (a timer, an overflow, shutdown).</summary>
    private void Abort(DisconnectReason reason)
    {
        if (!Stop(reason))
        {
            return;
        }
        // Abort runs on other threads, an overflow even inside another user's broadcast under
        // its room's lock. A transport that resumes readers inline would run this session's
        // read loop, and its departure from that room, right there; so cancel from the pool.
        ThreadPool.UnsafeQueueUserWorkItem(static session => session.CancelTransport(), this, preferLocal: false);
    }

    private void CancelTransport()
    {
        _pacer.Cancel();
        _transport.Input.CancelPendingRead();
        if (StopReason == DisconnectReason.TooSlow)
        {
            _transport.Output.CancelPendingFlush();
        }
    }

    /// <summary>Drains the outbox into the transport, one flush per batch, until either closes.</summary>
    private async Task WriteLoopAsync()
    {
        PipeWriter output = _transport.Output;
        try
        {
            while (await _outbox.WaitToReadAsync())
            {
                int unflushed = 0;
                while (unflushed < FlushThreshold && _outbox.TryRead(out LineBatch? batch))
                {
                    foreach (EncodedLine line in batch.Items)
                    {
                        output.Write(line.Span);
                    }
                    unflushed += batch.Bytes;
                    _outbox.Release(batch);
                }
                FlushResult flushed = await output.FlushAsync();
                if (flushed.IsCanceled || flushed.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or OperationCanceledException)
        {
            // The transport went away under the write loop: nothing more can reach this
            // client, and its read side ends the session.
        }
    }

    /// <summary>Lets queued lines go out, for at most ShutdownDrain; a too-slow client gets nothing more.</summary>
    private async Task DrainAsync(Task writing, DisconnectReason reason)
    {
        _outbox.Close();
        if (reason != DisconnectReason.TooSlow)
        {
            try
            {
                await writing.WaitAsync(_server.Options.ShutdownDrain, _server.Time);
            }
            catch (TimeoutException)
            {
                _transport.Output.CancelPendingFlush();
            }
        }
        await writing;
        await _transport.Output.CompleteAsync();
    }
}
