using Chat.Core.Commands;
using Chat.Core.Model;
using Chat.Core.Protocol;

namespace Chat.Core.Sessions;

/// <summary>
/// The name prompt (PROTOCOL.md §2): name lines until one is free and the user is in the lobby,
/// at most <see cref="MaxNameAttempts"/> bad ones, within the login timeout. A client speaking
/// HTTP is told so and dropped.
/// </summary>
/// <remarks>
/// Lines come from the read loop, one at a time; the login timer and shutdown come from other
/// threads, and <see cref="_gate"/> orders them against a login under way.
/// </remarks>
internal sealed class LoginPrompt(ChatServer server, long connectionId, Outbox outbox, SessionStop stop, ICommandConnection connection)
    : IDisposable
{
    private const int MaxNameAttempts = 5;

    private readonly Lock _gate = new();
    private ITimer? _loginTimer;
    private ChatUser? _user;
    private ChatUser? _joining; // named, waiting to be let into the lobby
    private Task<bool>? _login;
    private bool _timedOutWhileJoining;
    private bool _closing;
    private int _failedAttempts;

    /// <summary>The user, once logged in.</summary>
    public ChatUser? User
    {
        get
        {
            lock (_gate)
            {
                return _user;
            }
        }
    }

    /// <summary>What the user's commands run on, once logged in; for the read loop.</summary>
    public CommandContext? Commands { get; private set; }

    /// <summary>
    /// A login waits for the lobby; the read loop handles no more lines until
    /// <see cref="FinishJoiningAsync"/> is done.
    /// </summary>
    public bool IsJoining => _login is not null;

    /// <summary>Greets the client and starts the login timer.</summary>
    public void Start()
    {
        outbox.TryEnqueue(ServerText.Welcome);
        _loginTimer = server.Time.CreateTimer(static prompt => ((LoginPrompt)prompt!).OnLoginTimeout(), this, server.Options.LoginTimeout, Timeout.InfiniteTimeSpan);
    }

    public void OnLine(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            outbox.TryEnqueue(ServerText.EmptyName); // no attempt: a stray Enter costs nothing
            outbox.TryEnqueue(ServerText.NamePrompt);
            return;
        }
        if (ForeignProtocol.IsHttpRequestLine(text))
        {
            outbox.TryEnqueue(ServerText.NotHttp);
            stop.TryStop(DisconnectReason.WrongProtocol);
            return;
        }
        if (!NameRules.TryNormalize(text, out string name))
        {
            RejectName(ServerText.InvalidName);
            return;
        }
        var user = new ChatUser(name, server.Door, outbox);
        lock (_gate)
        {
            if (_closing)
            {
                return;
            }
            _joining = user;
        }
        Task<bool> adding = server.Directory.TryAddAsync(user);
        if (adding.IsCompleted)
        {
            FinishLogin(adding.Result);
        }
        else
        {
            _login = adding;
        }
    }

    public void OnTooLongLine() => RejectName(ServerText.InvalidName);

    public async Task FinishJoiningAsync()
    {
        Task<bool> login = _login!;
        _login = null;
        FinishLogin(await login);
    }

    /// <summary>The session is going away: no login starts, and the timer says nothing more.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closing = true;
        }
    }

    public void Dispose() => _loginTimer?.Dispose();

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
        Commands = new CommandContext(_user!, server.Directory, server.Door, server.Commands, server.Options, server.Logger, server.Metrics, connection);
        ChatLog.LoggedIn(server.Logger, connectionId, _user!.Name);
        server.Metrics.LoggedIn();
    }

    private void RejectName(EncodedLine reason)
    {
        outbox.TryEnqueue(reason);
        if (++_failedAttempts >= MaxNameAttempts)
        {
            outbox.TryEnqueue(ServerText.TooManyAttempts);
            stop.TryStop(DisconnectReason.TooManyAttempts);
            return;
        }
        outbox.TryEnqueue(ServerText.NamePrompt);
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
        outbox.TryEnqueue(ServerText.TimedOut);
        stop.Abort(DisconnectReason.TimedOut);
    }
}
