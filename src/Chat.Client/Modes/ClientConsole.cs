using System.Text;
using Chat.Client.Display;

namespace Chat.Client.Modes;

/// <summary>
/// Where the client reads and writes. In a terminal it has a <see cref="Terminal"/> and
/// <see cref="Keys"/> and runs <see cref="InteractiveMode"/>; otherwise <see cref="PipeMode"/>
/// over <see cref="In"/> and <see cref="Out"/>. Tests build one from strings.
/// </summary>
internal sealed record ClientConsole(TextReader In, TextWriter Out, TextWriter Error, ITerminal? Terminal = null, IKeySource? Keys = null)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public bool IsInteractive => Terminal is not null && Keys is not null;

    /// <summary>
    /// The process's own console. Interactive only when both stdin and stdout are a
    /// terminal: with either redirected, line editing has nothing to edit or nowhere to draw.
    /// </summary>
    public static ClientConsole FromProcess()
    {
        var output = new StreamWriter(Console.OpenStandardOutput(), Utf8) { AutoFlush = true };
        var error = new StreamWriter(Console.OpenStandardError(), Utf8) { AutoFlush = true };
        if (Console.IsInputRedirected || Console.IsOutputRedirected)
        {
            return new ClientConsole(new StreamReader(Console.OpenStandardInput(), Utf8), output, error);
        }
        Palette palette = Palette.For(
            outputIsTerminal: true,
            Environment.GetEnvironmentVariable("NO_COLOR"),
            Environment.GetEnvironmentVariable("TERM"));
        return new ClientConsole(TextReader.Null, output, error, new ConsoleTerminal(output, palette), new ConsoleKeySource());
    }
}
