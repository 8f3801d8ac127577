using Chat.Client.Display;
using System.Text;

namespace Chat.Client.Input;

/// <summary>
/// The line being typed: its text, the cursor, and the history of sent lines. Pure state,
/// no console: keys go in, <see cref="Text"/> and <see cref="Cursor"/> come out, and
/// <see cref="Redraw"/> turns them into terminal output.
/// </summary>
/// <remarks>
/// The cursor is a UTF-16 index that always sits between text elements, so Left, Right,
/// Backspace and Delete step over a whole emoji, a surrogate pair or a letter with its
/// combining marks, never into the middle of one.
/// </remarks>
internal sealed class LineEditor
{
    private readonly InputHistory _history = new();
    private char _pendingHighSurrogate;

    public string Text { get; private set; } = "";

    public int Cursor { get; private set; }

    public bool IsEmpty => Text.Length == 0;

    /// <summary>
    /// Applies an editing command; Submit, Interrupt and EndOfInput are the caller's, since
    /// they reach beyond the line. Returns whether the row needs drawing again.
    /// </summary>
    public bool Apply(EditorCommand command, char typed)
    {
        switch (command)
        {
            case EditorCommand.Insert:
                Insert(typed);
                return true;
            case EditorCommand.Left: return MoveLeft();
            case EditorCommand.Right: return MoveRight();
            case EditorCommand.Home: return MoveHome();
            case EditorCommand.End: return MoveEnd();
            case EditorCommand.Backspace: return Backspace();
            case EditorCommand.Delete: return Delete();
            case EditorCommand.HistoryPrevious: return HistoryPrevious();
            case EditorCommand.HistoryNext: return HistoryNext();
            case EditorCommand.DeleteToStart: return DeleteToStart();
            case EditorCommand.DeleteToEnd: return DeleteToEnd();
            case EditorCommand.Refresh: return true;
            default: return false;
        }
    }

    /// <summary>
    /// Inserts a typed char at the cursor. The console hands over a character outside the
    /// BMP as two key presses, its surrogates; the first waits here for the second.
    /// What the server's cleaning removes is ignored: a control would move the cursor on the screen.
    /// </summary>
    public void Insert(char c)
    {
        if (char.IsHighSurrogate(c))
        {
            _pendingHighSurrogate = c;
            return;
        }
        if (char.IsLowSurrogate(c))
        {
            if (_pendingHighSurrogate != default && !TerminalText.IsUnprintable(new Rune(_pendingHighSurrogate, c)))
            {
                InsertText(string.Concat(_pendingHighSurrogate, c));
            }
            _pendingHighSurrogate = default;
            return;
        }
        _pendingHighSurrogate = default;
        if (c == '\t')
        {
            InsertText(" ");
        }
        else if (!TerminalText.IsUnprintable(new Rune(c)))
        {
            InsertText(c.ToString());
        }
    }

    /// <summary>Inserts each char of <paramref name="text"/> as if typed.</summary>
    public void Insert(string text)
    {
        foreach (char c in text)
        {
            Insert(c);
        }
    }

    public bool MoveLeft()
    {
        if (Cursor == 0)
        {
            return false;
        }
        Cursor = PreviousBoundary();
        return true;
    }

    public bool MoveRight()
    {
        if (Cursor == Text.Length)
        {
            return false;
        }
        Cursor = NextBoundary();
        return true;
    }

    public bool MoveHome()
    {
        bool moved = Cursor != 0;
        Cursor = 0;
        return moved;
    }

    public bool MoveEnd()
    {
        bool moved = Cursor != Text.Length;
        Cursor = Text.Length;
        return moved;
    }

    /// <summary>Deletes the text element before the cursor.</summary>
    public bool Backspace()
    {
        if (Cursor == 0)
        {
            return false;
        }
        int start = PreviousBoundary();
        Text = Text.Remove(start, Cursor - start);
        Cursor = start;
        return true;
    }

    /// <summary>Deletes the text element under the cursor.</summary>
    public bool Delete()
    {
        if (Cursor == Text.Length)
        {
            return false;
        }
        Text = Text.Remove(Cursor, NextBoundary() - Cursor);
        return true;
    }

    /// <summary>Deletes everything before the cursor (Ctrl+U).</summary>
    public bool DeleteToStart()
    {
        if (Cursor == 0)
        {
            return false;
        }
        Text = Text[Cursor..];
        Cursor = 0;
        return true;
    }

    /// <summary>Deletes everything from the cursor on (Ctrl+K).</summary>
    public bool DeleteToEnd()
    {
        if (Cursor == Text.Length)
        {
            return false;
        }
        Text = Text[..Cursor];
        return true;
    }

    /// <summary>Replaces the text with the previous history entry (Up).</summary>
    public bool HistoryPrevious() => Load(_history.Previous(Text));

    /// <summary>Replaces the text with the next history entry, or the draft after the newest (Down).</summary>
    public bool HistoryNext() => Load(_history.Next());

    /// <summary>Takes the line for sending: records it in the history and leaves the editor empty.</summary>
    public string Submit()
    {
        string line = Text;
        _history.Add(line);
        Text = "";
        Cursor = 0;
        _pendingHighSurrogate = default;
        return line;
    }

    private void InsertText(string text)
    {
        Text = Text.Insert(Cursor, text);
        Cursor += text.Length;
    }

    private bool Load(string? text)
    {
        if (text is null)
        {
            return false;
        }
        Text = text;
        Cursor = text.Length;
        return true;
    }

    private int NextBoundary() => Cursor + System.Globalization.StringInfo.GetNextTextElementLength(Text, Cursor);

    private int PreviousBoundary()
    {
        int boundary = 0;
        foreach (TextCell cell in DisplayWidth.Cells(Text))
        {
            if (cell.Start + cell.Length >= Cursor)
            {
                return cell.Start;
            }
            boundary = cell.Start + cell.Length;
        }
        return boundary;
    }
}
