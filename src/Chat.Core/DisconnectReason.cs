namespace Chat.Core;

/// <summary>Why a connection ended; logged, and told to the host so it can close the socket accordingly.</summary>
public enum DisconnectReason
{
    None,
    /// <summary>The user sent <c>/quit</c>.</summary>
    Quit,
    /// <summary>The client closed or reset the connection.</summary>
    Closed,
    /// <summary>The client stopped reading and its outbox overflowed; abort without draining.</summary>
    TooSlow,
    /// <summary>No name was chosen within the login timeout.</summary>
    TimedOut,
    /// <summary>Five invalid or taken names in a row.</summary>
    TooManyAttempts,
    /// <summary>The connection limit was reached when it arrived.</summary>
    ServerFull,
    /// <summary>The client spoke HTTP or TLS to the chat port.</summary>
    WrongProtocol,
    /// <summary>The server is shutting down.</summary>
    Shutdown,
    /// <summary>A fault in the server; logged with its exception.</summary>
    Error,
}
