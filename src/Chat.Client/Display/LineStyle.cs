namespace Chat.Client.Display;

/// <summary>What a line on the screen is, which decides how it looks.</summary>
internal enum LineStyle
{
    /// <summary>Anything else the server says: replies to commands, the greeting.</summary>
    Info,

    /// <summary><c>[14:02] [lobby] bob: hi</c></summary>
    Message,

    /// <summary><c>[14:02] [lobby] * bob waves</c></summary>
    Action,

    /// <summary><c>[PM from bob]: hi</c></summary>
    PrivateFrom,

    /// <summary><c>[PM to bob]: hi</c></summary>
    PrivateTo,

    /// <summary><c>*** bob joined lobby ***</c></summary>
    Notice,

    /// <summary><c>=== Recent messages ===</c> and <c>=== End of history ===</c></summary>
    HistoryMarker,

    /// <summary>A replayed message between the history markers.</summary>
    History,

    /// <summary><c>Unknown command: /foo. ...</c>, <c>Name already taken.</c> and the other errors.</summary>
    Error,

    /// <summary>What the client itself says, such as <c>Server closed connection</c>.</summary>
    Client,

    /// <summary>The prompt of the input line.</summary>
    Prompt,
}
