using Chat.Core.Protocol;

namespace Chat.Core.Events;

/// <summary><paramref name="Name"/> left <paramref name="Room"/>; <paramref name="To"/> is where it went when it <see cref="LeaveReason.Moved"/>.</summary>
public readonly record struct MemberLeft(string Room, string Name, LeaveReason Reason, string? To = null) : IChatEvent
{
    public EncodedLine RenderWith(EventRenderer renderer) => renderer.Render(in this);
}
