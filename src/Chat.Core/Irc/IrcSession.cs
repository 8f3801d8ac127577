using System.Buffers;
using System.IO.Pipelines;
using Chat.Core.Model;
using Chat.Core.Protocol;
using Chat.Core.Sessions;

namespace Chat.Core.Irc;

/// <summary>
/// One connection of the IRC door (PROTOCOL.md, "The IRC door"): registration (CAP, NICK, USER),
/// then the user's messages handed to <see cref="IrcCommands"/>. It shares the line door's parts
/// where the rules are the same: the <see cref="Outbox"/> and <see cref="WritePump"/>, the
/// <see cref="LinePacer"/> (the same rate limit) and <see cref="SessionStop"/>.
/// </summary>
internal sealed class IrcSession : IServerSession
{
    private readonly ChatServer _server;
    private readonly IDuplexPipe _transport;
    private readonly Outbox _outbox;
    private readonly LinePacer _pacer;
    private readonly SessionStop _stop;
    private readonly WritePump _pump;
    private readonly IrcRenderer _irc;
    private readonly Lock _gate = new(); // registration versus login timeout versus shutdown
    private ITimer? _loginTimer;
    private ChatUser? _user;
    private IrcCommands? _commands;
    private bool _closing;
    private string? _nick;
    private bool _userGiven;
    private bool _negotiatingCaps;
    private Task<bool>? _registering;
    private ChatUser? _candidate;
    private bool _lineHeld;
    private bool _storeFull;

    public IrcSession(ChatServer server, IDuplexPipe transport, long id)
    {
        _server = server;
        _transport = transport;
        Id = id;
        ChatOptions options = server.Options;
        _irc = server.IrcDoor;
        _outbox = new Outbox(options.OutboxBytes);
        _pacer = new LinePacer(
            new SlidingWindowRateLimiter(options.RateLimitMessages, options.RateLimitWindow, server.Time), options.RateLimitBurst, server.Time);
        _stop = new SessionStop(_outbox, transport.Input, _pacer);
        _pump = new WritePump(_outbox, transport.Output);
    }

    public long Id { get; }

    private ChatUser? User
    {
        get { lock (_gate) { return _user; } }
    }

    /// <summary>What to call the client in a reply: its nick, or <c>*</c> before it has one.</summary>
    private string Target => _user?.Name ?? _nick ?? "*";

    public async Task<DisconnectReason> RunAsync()
    {
        _pump.Start();
        _ = _stop.AbortWhenOverflowedAsync(); // pending for the session's life unless it overflows
        _loginTimer = _server.Time.CreateTimer(static s => ((IrcSession)s!).OnLoginTimeout(), this, _server.Options.LoginTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            await ReadAsync();
        }
        catch (Exception ex)
        {
            ChatLog.ConnectionFailed(_server.Logger, ex, Id, User?.Name ?? "");
            _stop.TryStop(DisconnectReason.Error);
        }
        _loginTimer.Dispose();
        return await SessionEnding.EndAsync(_server, Id, User, _stop.Reason, _pump, _transport);
    }

    public void Shutdown()
    {
        lock (_gate)
        {
            _closing = true;
        }
        _outbox.EnqueueLast(IrcRenderer.Error("Server is shutting down"));
        _stop.Abort(DisconnectReason.Shutdown);
    }

    /// <summary>Queues <paramref name="line"/> for this client; never waits.</summary>
    public void Send(EncodedLine line) => _outbox.TryEnqueue(line);

    public void Numeric(string code, string text) => Send(_irc.Numeric(code, Target, text));

    /// <summary>The client said QUIT: the ERROR the protocol asks for goes last, then the link closes.</summary>
    public void Quit()
    {
        _outbox.EnqueueLast(IrcRenderer.Error("Closing link (Quit)"));
        _stop.TryStop(DisconnectReason.Quit);
    }

    /// <summary>The message being handled was not taken by the full history store: it waits in the input for the store's room.</summary>
    public void HoldForStore() => _lineHeld = _storeFull = true;

    private async Task ReadAsync()
    {
        var framer = new IrcFramer();
        PipeReader input = _transport.Input;
        while (!_stop.IsStopping)
        {
            ReadResult result = await input.ReadAsync();
            if (result.IsCanceled || _stop.IsStopping)
            {
                break;
            }
            ReadOnlySequence<byte> buffer = result.Buffer;
            HandleLines(ref framer, ref buffer);
            if (_registering is { } registering)
            {
                // The lines after the registration stay in the pipe until it is decided.
                input.AdvanceTo(buffer.Start);
                _registering = null;
                FinishRegistration(await registering);
                continue;
            }
            if (_lineHeld)
            {
                input.AdvanceTo(buffer.Start);
                await (_storeFull ? _pacer.WaitAfterAdmittedAsync(_server.History.WaitForRoomAsync) : _pacer.WaitAsync());
                _lineHeld = _storeFull = false;
                continue;
            }
            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                _stop.TryStop(DisconnectReason.Closed);
            }
        }
    }

    private void HandleLines(ref IrcFramer framer, ref ReadOnlySequence<byte> buffer)
    {
        // Scratch lives only while this read's lines are handled, so an idle connection holds none.
        byte[] scratch = ArrayPool<byte>.Shared.Rent(IrcFramer.MaxLineBytes);
        char[] chars = ArrayPool<char>.Shared.Rent(IrcFramer.MaxLineBytes);
        try
        {
            while (!_stop.IsStopping && _registering is null && !_lineHeld)
            {
                ReadOnlySequence<byte> unread = buffer;
                FrameStatus status = framer.TryReadLine(ref buffer, scratch, out ReadOnlySpan<byte> line);
                if (status == FrameStatus.NeedMore)
                {
                    _pacer.CaughtUp();
                    break;
                }
                if (status == FrameStatus.TooLong || IrcMessage.TryParse(line, out IrcMessage message) == IrcParse.TooLong)
                {
                    Numeric("417", ":Input line was too long");
                    continue;
                }
                if (message.Command.IsEmpty)
                {
                    continue;
                }
                Handle(in message, chars);
                if (_lineHeld)
                {
                    buffer = unread; // framed and handled again once the rate admits it
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private void Handle(in IrcMessage message, char[] chars)
    {
        if (message.Is("PING"u8))
        {
            Send(_irc.FromServer($"PONG {_irc.ServerName} :{(message.ParameterCount > 0 ? IrcCommands.Text(message[0]) : "")}"));
        }
        else if (message.Is("PONG"u8))
        {
        }
        else if (message.Is("QUIT"u8))
        {
            Quit();
        }
        else if (_commands is { } commands)
        {
            if (TryAdmit())
            {
                commands.Execute(in message, chars);
            }
        }
        else
        {
            Register(in message);
        }
    }

    /// <summary>Counts a message against the rate limit, as the line door counts a line; false when over it.</summary>
    private bool TryAdmit()
    {
        switch (_pacer.Admit())
        {
            case Admission.Now:
                return true;
            case Admission.Later:
                _server.Metrics.LinePaced();
                _lineHeld = true;
                return false;
            default:
                _server.Metrics.LineRefused();
                Send(_irc.FromServer($"NOTICE {Target} :You are sending too fast; message dropped"));
                return false;
        }
    }

    private void Register(in IrcMessage message)
    {
        if (message.Is("CAP"u8))
        {
            NegotiateCaps(in message);
        }
        else if (message.Is("PASS"u8))
        {
            // No accounts: a password is accepted and ignored.
        }
        else if (message.Is("NICK"u8))
        {
            if (message.ParameterCount == 0)
            {
                Numeric("431", ":No nickname given");
                return;
            }
            if (!NameRules.TryNormalize(IrcCommands.Text(message[0]), out string nick))
            {
                Numeric("432", $"{IrcCommands.Text(message[0])} :Erroneous nickname");
                return;
            }
            if (_server.Directory.FindUser(nick) is not null)
            {
                Numeric("433", $"{nick} :Nickname is already in use");
                return;
            }
            _nick = nick;
        }
        else if (message.Is("USER"u8))
        {
            if (message.ParameterCount < 4)
            {
                Numeric("461", "USER :Not enough parameters");
                return;
            }
            _userGiven = true;
        }
        else
        {
            Numeric("451", ":You have not registered");
            return;
        }
        TryRegister();
    }

    private void NegotiateCaps(in IrcMessage message)
    {
        ReadOnlySpan<byte> sub = message.ParameterCount > 0 ? message[0] : default;
        if (System.Text.Ascii.EqualsIgnoreCase(sub, "LS"u8) || System.Text.Ascii.EqualsIgnoreCase(sub, "LIST"u8))
        {
            _negotiatingCaps = _negotiatingCaps || System.Text.Ascii.EqualsIgnoreCase(sub, "LS"u8);
            Send(_irc.FromServer($"CAP {Target} {IrcCommands.Text(sub).ToUpperInvariant()} :"));
        }
        else if (System.Text.Ascii.EqualsIgnoreCase(sub, "REQ"u8))
        {
            _negotiatingCaps = true;
            Send(_irc.FromServer($"CAP {Target} NAK :{(message.ParameterCount > 1 ? IrcCommands.Text(message[1]) : "")}"));
        }
        else if (System.Text.Ascii.EqualsIgnoreCase(sub, "END"u8))
        {
            _negotiatingCaps = false;
            TryRegister();
        }
        else
        {
            Numeric("410", $"{IrcCommands.Text(sub)} :Invalid CAP command");
        }
    }

    private void TryRegister()
    {
        if (_nick is null || !_userGiven || _negotiatingCaps)
        {
            return;
        }
        _candidate = new ChatUser(_nick, _irc, _outbox);
        Task<bool> adding = _server.Directory.TryAddAsync(_candidate, enterLobby: false);
        if (adding.IsCompleted)
        {
            FinishRegistration(adding.Result);
        }
        else
        {
            _registering = adding;
        }
    }

    private void FinishRegistration(bool accepted)
    {
        ChatUser candidate = _candidate!;
        _candidate = null;
        if (!accepted)
        {
            Numeric("433", $"{candidate.Name} :Nickname is already in use");
            _nick = null;
            return;
        }
        lock (_gate)
        {
            _user = candidate; // even if the login timer fired meanwhile: the session then ends and takes it off line
        }
        _loginTimer?.Dispose();
        _commands = new IrcCommands(_server, candidate, this);
        ChatLog.LoggedIn(_server.Logger, Id, candidate.Name);
        _server.Metrics.LoggedIn();
        _commands.Welcome();
    }

    private void OnLoginTimeout()
    {
        lock (_gate)
        {
            if (_user is not null || _closing)
            {
                return;
            }
            _closing = true;
        }
        _outbox.EnqueueLast(IrcRenderer.Error("Closing link (registration timed out)"));
        _stop.Abort(DisconnectReason.TimedOut);
    }
}
