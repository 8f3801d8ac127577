using Chat.Client.Input;

namespace Chat.Tests.Client;

public class LineEditorTests
{
    private static LineEditor Typed(string text)
    {
        var editor = new LineEditor();
        editor.Insert(text);
        return editor;
    }

    [Fact]
    public void Typing_inserts_at_the_cursor()
    {
        LineEditor editor = Typed("helo");
        editor.MoveLeft();
        editor.Insert('l');

        Assert.Equal("hello", editor.Text);
        Assert.Equal(4, editor.Cursor);
    }

    [Fact]
    public void Home_End_and_arrows_move_within_bounds()
    {
        LineEditor editor = Typed("abc");

        Assert.False(editor.MoveRight());
        Assert.True(editor.MoveHome());
        Assert.Equal(0, editor.Cursor);
        Assert.False(editor.MoveLeft());
        Assert.True(editor.MoveRight());
        Assert.Equal(1, editor.Cursor);
        Assert.True(editor.MoveEnd());
        Assert.Equal(3, editor.Cursor);
    }

    [Fact]
    public void Backspace_and_Delete_remove_either_side_of_the_cursor()
    {
        LineEditor editor = Typed("abcd");
        editor.MoveLeft();
        editor.MoveLeft();

        Assert.True(editor.Backspace());
        Assert.Equal("acd", editor.Text);
        Assert.True(editor.Delete());
        Assert.Equal("ad", editor.Text);
        Assert.Equal(1, editor.Cursor);
        editor.MoveEnd();
        Assert.False(editor.Delete());
        editor.MoveHome();
        Assert.False(editor.Backspace());
    }

    [Fact]
    public void The_cursor_steps_over_whole_emoji_and_combined_letters()
    {
        LineEditor editor = Typed("a😀e\u0301");

        editor.MoveLeft();
        Assert.Equal(3, editor.Cursor); // before "e\u0301"
        editor.MoveLeft();
        Assert.Equal(1, editor.Cursor); // before the emoji's two surrogates
        editor.Delete();
        Assert.Equal("ae\u0301", editor.Text);
        editor.MoveEnd();
        editor.Backspace();
        Assert.Equal("a", editor.Text);
    }

    [Fact]
    public void Surrogates_typed_one_key_at_a_time_become_one_character()
    {
        var editor = new LineEditor();
        editor.Insert('\uD83D');
        Assert.Equal("", editor.Text);
        editor.Insert('\uDE00');

        Assert.Equal("😀", editor.Text);
        Assert.Equal(2, editor.Cursor);
    }

    [Fact]
    public void Control_characters_never_enter_the_line()
    {
        LineEditor editor = Typed("a\u001b[2Jb\u0007\tc\uDE00");

        Assert.Equal("a[2Jb c", editor.Text);
    }

    [Fact]
    public void Invisible_characters_never_enter_the_line()
    {
        // A tag character comes as two surrogates; the pair goes as one.
        LineEditor editor = Typed("a\u200Bb\U000E0041c\u200Dd");

        Assert.Equal("abc\u200Dd", editor.Text);
    }

    [Fact]
    public void Up_and_Down_walk_the_history_and_keep_the_draft()
    {
        var editor = new LineEditor();
        editor.Insert("first");
        Assert.Equal("first", editor.Submit());
        editor.Insert("second");
        editor.Submit();
        editor.Insert("draft");

        Assert.True(editor.HistoryPrevious());
        Assert.Equal("second", editor.Text);
        Assert.Equal(6, editor.Cursor);
        Assert.True(editor.HistoryPrevious());
        Assert.Equal("first", editor.Text);
        Assert.False(editor.HistoryPrevious());
        Assert.True(editor.HistoryNext());
        Assert.Equal("second", editor.Text);
        Assert.True(editor.HistoryNext());
        Assert.Equal("draft", editor.Text);
        Assert.False(editor.HistoryNext());
    }

    [Fact]
    public void History_skips_blank_lines_and_repeats()
    {
        var editor = new LineEditor();
        foreach (string line in new[] { "a", "a", " ", "b" })
        {
            editor.Insert(line);
            editor.Submit();
        }

        editor.HistoryPrevious();
        Assert.Equal("b", editor.Text);
        editor.HistoryPrevious();
        Assert.Equal("a", editor.Text);
        Assert.False(editor.HistoryPrevious());
    }

    [Fact]
    public void Kill_keys_cut_before_and_after_the_cursor()
    {
        LineEditor editor = Typed("hello world");
        for (int i = 0; i < 5; i++)
        {
            editor.MoveLeft();
        }

        editor.DeleteToEnd();
        Assert.Equal("hello ", editor.Text);
        editor.MoveLeft();
        editor.DeleteToStart();
        Assert.Equal(" ", editor.Text);
        Assert.Equal(0, editor.Cursor);
    }

    [Theory]
    [InlineData(ConsoleKey.LeftArrow, '\0', false, nameof(EditorCommand.Left))]
    [InlineData(ConsoleKey.RightArrow, '\0', false, nameof(EditorCommand.Right))]
    [InlineData(ConsoleKey.Home, '\0', false, nameof(EditorCommand.Home))]
    [InlineData(ConsoleKey.End, '\0', false, nameof(EditorCommand.End))]
    [InlineData(ConsoleKey.UpArrow, '\0', false, nameof(EditorCommand.HistoryPrevious))]
    [InlineData(ConsoleKey.DownArrow, '\0', false, nameof(EditorCommand.HistoryNext))]
    [InlineData(ConsoleKey.Backspace, '\u007f', false, nameof(EditorCommand.Backspace))]
    [InlineData(ConsoleKey.Delete, '\0', false, nameof(EditorCommand.Delete))]
    [InlineData(ConsoleKey.Enter, '\r', false, nameof(EditorCommand.Submit))]
    [InlineData(ConsoleKey.C, '\u0003', true, nameof(EditorCommand.Interrupt))]
    [InlineData(ConsoleKey.D, '\u0004', true, nameof(EditorCommand.EndOfInput))]
    [InlineData(ConsoleKey.A, '\u0001', true, nameof(EditorCommand.Home))]
    [InlineData(ConsoleKey.NoName, '\u0003', false, nameof(EditorCommand.Interrupt))]
    [InlineData(ConsoleKey.NoName, 'я', false, nameof(EditorCommand.Insert))]
    [InlineData(ConsoleKey.Escape, '\u001b', false, nameof(EditorCommand.None))]
    public void Keys_map_to_commands(ConsoleKey key, char keyChar, bool control, string expected) =>
        Assert.Equal(Enum.Parse<EditorCommand>(expected), KeyBindings.For(new ConsoleKeyInfo(keyChar, key, shift: false, alt: false, control)));
}
