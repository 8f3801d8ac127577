using Chat.Client.Display;

namespace Chat.Client.Modes;

/// <summary>The screen of <see cref="InteractiveMode"/>: a width, a palette, and a place to write.</summary>
internal interface ITerminal
{
    /// <summary>Columns now; read before every redraw, so a resized window is followed.</summary>
    int Width { get; }

    Palette Palette { get; }

    /// <summary>Raised, on any thread, when the window changes size.</summary>
    event Action? Resized;

    /// <summary>Writes <paramref name="text"/> and flushes it: one call per screen update.</summary>
    void Write(string text);
}
