using Chat.Core.Protocol;

namespace Chat.Core.Events;

/// <summary>Something that happened in the chat that users are told of, rendered per kind of door.</summary>
public interface IChatEvent
{
    /// <summary>This event as <paramref name="renderer"/>'s door puts it on the wire.</summary>
    EncodedLine RenderWith(EventRenderer renderer);
}
