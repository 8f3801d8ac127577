namespace Chat.Client.Display;

/// <summary>
/// How each <see cref="LineStyle"/> looks: ANSI SGR colours, or nothing at all when colour
/// is off (<c>NO_COLOR</c>, <c>TERM=dumb</c>, or output that is not a terminal).
/// </summary>
internal sealed class Palette
{
    private const string Reset = "\u001b[0m";

    private Palette(bool colour) => HasColour = colour;

    public static Palette Colour { get; } = new(true);

    public static Palette Plain { get; } = new(false);

    public bool HasColour { get; }

    /// <summary>Colour unless the environment asks for none (https://no-color.org: set and not empty).</summary>
    public static Palette For(bool outputIsTerminal, string? noColor, string? term) =>
        outputIsTerminal && string.IsNullOrEmpty(noColor) && term != "dumb" ? Colour : Plain;

    /// <summary><paramref name="line"/> (already printable) dressed in its style.</summary>
    public string Paint(string line, LineStyle style)
    {
        if (!HasColour || line.Length == 0)
        {
            return line;
        }
        if (style is LineStyle.Message or LineStyle.Action && LineClassifier.MessageHeader(line) is { } header)
        {
            // The time and room recede; the sender's name stands out.
            string rest = line[header..];
            if (style == LineStyle.Action)
            {
                return Sgr("2", line[..header]) + Sgr("36", rest);
            }
            int colon = rest.IndexOf(": ", StringComparison.Ordinal);
            return colon < 0
                ? Sgr("2", line[..header]) + rest
                : Sgr("2", line[..header]) + Sgr("1", rest[..colon]) + rest[colon..];
        }
        return Code(style) is { } code ? Sgr(code, line) : line;
    }

    private static string? Code(LineStyle style) => style switch
    {
        LineStyle.PrivateFrom => "1;35",  // bold magenta: someone spoke to you alone
        LineStyle.PrivateTo => "35",      // magenta
        LineStyle.Notice => "33",         // yellow
        LineStyle.HistoryMarker => "34",  // blue
        LineStyle.History => "2",         // faint: old news
        LineStyle.Error => "1;31",        // bold red
        LineStyle.Client => "33",         // yellow, like a notice
        LineStyle.Info => "32",           // green
        LineStyle.Prompt => "1",          // bold
        _ => null,
    };

    private static string Sgr(string code, string text) => $"\u001b[{code}m{text}{Reset}";
}
