using Chat.Client.Display;

namespace Chat.Tests.Client;

public class LineStyleTests
{
    [Theory]
    [InlineData("[14:02] [lobby] bob: hi", nameof(LineStyle.Message))]
    [InlineData("[14:02] [lobby] bob: /etc is full", nameof(LineStyle.Message))]
    [InlineData("[14:02] [dev] * bob waves", nameof(LineStyle.Action))]
    [InlineData("[PM from bob]: psst", nameof(LineStyle.PrivateFrom))]
    [InlineData("[PM to bob]: psst", nameof(LineStyle.PrivateTo))]
    [InlineData("*** bob joined lobby ***", nameof(LineStyle.Notice))]
    [InlineData("*** bob left the chat (too slow) ***", nameof(LineStyle.Notice))]
    [InlineData("*** Server is shutting down ***", nameof(LineStyle.Notice))]
    [InlineData("Unknown command: /foo. Type /help for help.", nameof(LineStyle.Error))]
    [InlineData("Usage: /msg <user> <message>", nameof(LineStyle.Error))]
    [InlineData("Usage: /join <room>", nameof(LineStyle.Error))]
    [InlineData("Usage: /me <action>", nameof(LineStyle.Error))]
    [InlineData("User bob not found.", nameof(LineStyle.Error))]
    [InlineData("Message too long (max 500 characters).", nameof(LineStyle.Error))]
    [InlineData("Rate limit exceeded. Slow down.", nameof(LineStyle.Error))]
    [InlineData("Invalid name. Use 1-20 letters, digits, '_' or '-'.", nameof(LineStyle.Error))]
    [InlineData("Invalid room name. Use 1-20 letters, digits, '_' or '-'.", nameof(LineStyle.Error))]
    [InlineData("Name already taken.", nameof(LineStyle.Error))]
    [InlineData("Name cannot be empty.", nameof(LineStyle.Error))]
    [InlineData("You are already in dev.", nameof(LineStyle.Error))]
    [InlineData("Too many attempts. Goodbye!", nameof(LineStyle.Error))]
    [InlineData("Server is full. Try again later.", nameof(LineStyle.Error))]
    [InlineData("Too many connections from your address.", nameof(LineStyle.Error))]
    [InlineData("Hello, alice! You can start chatting. Type /help for commands.", nameof(LineStyle.Info))]
    [InlineData("Online users: alice (lobby), bob (dev)", nameof(LineStyle.Info))]
    [InlineData("  /quit - leave the chat", nameof(LineStyle.Info))]
    [InlineData("  //text - send a message that starts with /", nameof(LineStyle.Info))]
    [InlineData("Goodbye!", nameof(LineStyle.Info))]
    public void Each_kind_of_server_line_is_told_apart(string line, string style) =>
        Assert.Equal(Enum.Parse<LineStyle>(style), new LineClassifier().Classify(line));

    [Fact]
    public void Messages_inside_a_history_block_are_history()
    {
        var classifier = new LineClassifier();

        Assert.Equal(
            [LineStyle.HistoryMarker, LineStyle.History, LineStyle.History, LineStyle.HistoryMarker, LineStyle.Message],
            new[]
            {
                "=== Recent messages ===",
                "[14:01] [lobby] bob: hi",
                "[14:01] [lobby] * bob waves",
                "=== End of history ===",
                "[14:02] [lobby] bob: live",
            }.Select(classifier.Classify));
    }

    [Fact]
    public void Each_style_has_its_own_colour()
    {
        (string Line, LineStyle Style)[] lines =
        [
            ("[PM from bob]: x", LineStyle.PrivateFrom),
            ("[PM to bob]: x", LineStyle.PrivateTo),
            ("*** x ***", LineStyle.Notice),
            ("=== Recent messages ===", LineStyle.HistoryMarker),
            ("[14:01] [lobby] bob: x", LineStyle.History),
            ("Name already taken.", LineStyle.Error),
            ("Online users: x (lobby)", LineStyle.Info),
        ];

        string[] starts = lines.Select(l => Palette.Colour.Paint(l.Line, l.Style)).Select(p => p[..p.IndexOf('m')]).ToArray();

        Assert.Equal(starts.Length, starts.Distinct().Count());
        Assert.All(lines, l => Assert.Equal(l.Line, Palette.Plain.Paint(l.Line, l.Style)));
    }

    [Fact]
    public void A_message_dims_its_time_and_room_and_bolds_the_sender()
    {
        Assert.Equal(
            "\u001b[2m[14:02] [lobby] \u001b[0m\u001b[1mbob\u001b[0m: hi: there",
            Palette.Colour.Paint("[14:02] [lobby] bob: hi: there", LineStyle.Message));
    }

    [Theory]
    [InlineData(true, null, "xterm-256color", true)]
    [InlineData(true, "", "xterm", true)]
    [InlineData(true, "1", "xterm", false)]
    [InlineData(true, null, "dumb", false)]
    [InlineData(false, null, "xterm", false)]
    public void Colour_follows_the_terminal_and_NO_COLOR(bool terminal, string? noColor, string? term, bool colour) =>
        Assert.Equal(colour, Palette.For(terminal, noColor, term).HasColour);
}
