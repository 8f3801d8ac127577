using Chat.Core.Protocol;

namespace Chat.Core.Events;

/// <summary>
/// An event's bytes for one kind of door. A message carries the rendering its door made
/// when it was said, so recipients of that kind share those bytes instead of a second copy.
/// </summary>
public readonly record struct Rendering(EventRenderer? Renderer, EncodedLine Line)
{
    public bool IsFor(EventRenderer renderer) => ReferenceEquals(Renderer, renderer);
}
