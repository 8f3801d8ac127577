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

internal static class DisconnectReasonText
{
    /// <summary>The reason as the log says it: <c>quit</c>, <c>closed</c>, <c>too slow</c>, <c>timed out</c>, ...</summary>
    public static string Describe(this DisconnectReason reason) => reason switch
    {
        DisconnectReason.Quit => "quit",
        DisconnectReason.Closed => "closed",
        DisconnectReason.TooSlow => "too slow",
        DisconnectReason.TimedOut => "timed out",
        DisconnectReason.TooManyAttempts => "too many name attempts",
        DisconnectReason.ServerFull => "server full",
        DisconnectReason.WrongProtocol => "not a chat client",
        DisconnectReason.Shutdown => "server shutdown",
        _ => "error",
    };
}
