namespace Chat.Client.Input;

/// <summary>
/// Keys to <see cref="EditorCommand"/>s: the arrows and editing keys, plus the Emacs control
/// keys a shell user's fingers expect (Ctrl+A/E/B/F/P/N/U/K/L).
/// </summary>
internal static class KeyBindings
{
    public static EditorCommand For(ConsoleKeyInfo key)
    {
        if ((key.Modifiers & ConsoleModifiers.Control) != 0 && Control(key.Key) is { } control)
        {
            return control;
        }
        switch (key.Key)
        {
            case ConsoleKey.Enter: return EditorCommand.Submit;
            case ConsoleKey.LeftArrow: return EditorCommand.Left;
            case ConsoleKey.RightArrow: return EditorCommand.Right;
            case ConsoleKey.Home: return EditorCommand.Home;
            case ConsoleKey.End: return EditorCommand.End;
            case ConsoleKey.Backspace: return EditorCommand.Backspace;
            case ConsoleKey.Delete: return EditorCommand.Delete;
            case ConsoleKey.UpArrow: return EditorCommand.HistoryPrevious;
            case ConsoleKey.DownArrow: return EditorCommand.HistoryNext;
        }
        // Some terminals deliver a control key as its bare character with no ConsoleKey.
        return key.KeyChar switch
        {
            '\r' or '\n' => EditorCommand.Submit,
            '\b' or '\u007f' => EditorCommand.Backspace,
            '\u0003' => EditorCommand.Interrupt,
            '\u0004' => EditorCommand.EndOfInput,
            '\0' => EditorCommand.None,
            _ when key.KeyChar < ' ' => EditorCommand.None,
            _ => EditorCommand.Insert,
        };
    }

    private static EditorCommand? Control(ConsoleKey key) => key switch
    {
        ConsoleKey.C => EditorCommand.Interrupt,
        ConsoleKey.D => EditorCommand.EndOfInput,
        ConsoleKey.A => EditorCommand.Home,
        ConsoleKey.E => EditorCommand.End,
        ConsoleKey.B => EditorCommand.Left,
        ConsoleKey.F => EditorCommand.Right,
        ConsoleKey.P => EditorCommand.HistoryPrevious,
        ConsoleKey.N => EditorCommand.HistoryNext,
        ConsoleKey.U => EditorCommand.DeleteToStart,
        ConsoleKey.K => EditorCommand.DeleteToEnd,
        ConsoleKey.H => EditorCommand.Backspace,
        ConsoleKey.L => EditorCommand.Refresh,
        _ => null,
    };
}
