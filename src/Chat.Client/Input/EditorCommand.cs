namespace Chat.Client.Input;

/// <summary>What a key asks of the input line.</summary>
internal enum EditorCommand
{
    None,
    Insert,
    Left,
    Right,
    Home,
    End,
    Backspace,
    Delete,
    HistoryPrevious,
    HistoryNext,
    DeleteToStart,
    DeleteToEnd,
    Submit,
    Refresh,

    /// <summary>Ctrl+C: quit the way <c>/quit</c> does.</summary>
    Interrupt,

    /// <summary>Ctrl+D: quit on an empty line, delete under the cursor otherwise.</summary>
    EndOfInput,
}
