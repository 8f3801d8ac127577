using System.Runtime.InteropServices;
using System.Text;
using Chat.Client.Display;

namespace Chat.Client.Modes;

/// <summary>The real terminal. Ctrl+C becomes a key, so it can quit the way <c>/quit</c> does.</summary>
internal sealed class ConsoleTerminal : ITerminal
{
    private const int FallbackWidth = 80;
    private readonly TextWriter _output;
    // Held for the life of the terminal: a registration that is collected is undone.
    private readonly PosixSignalRegistration? _windowChanged;

    public ConsoleTerminal(TextWriter output, Palette palette)
    {
        _output = output;
        Palette = palette;
        Console.InputEncoding = Encoding.UTF8;
        Console.TreatControlCAsInput = true;
        if (!OperatingSystem.IsWindows())
        {
            // Not cancelled: the runtime's own handler must still see it to refresh the width.
            _windowChanged = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => Resized?.Invoke());
        }
    }

    public event Action? Resized;

    public int Width
    {
        get
        {
            try
            {
                int width = Console.WindowWidth;
                return width > 0 ? width : FallbackWidth;
            }
            catch (IOException)
            {
                return FallbackWidth;
            }
        }
    }

    public Palette Palette { get; }

    public void Write(string text)
    {
        _output.Write(text);
        _output.Flush();
    }
}
