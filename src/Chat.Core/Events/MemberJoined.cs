using Chat.Core.Protocol;

namespace Chat.Core.Events;

/// <summary><paramref name="Name"/> entered <paramref name="Room"/>; <paramref name="Login"/> when that is how it entered the chat.</summary>
public readonly record struct MemberJoined(string Room, string Name, bool Login) : IChatEvent
{
    public EncodedLine RenderWith(EventRenderer renderer) => renderer.Render(in this);
}
