using System.Runtime.CompilerServices;
using Chat.Core.Protocol;

namespace Chat.Core.Events;

/// <summary>
/// One event's renderings during one broadcast, a slot per kind of door: the first recipient
/// of a kind renders, the rest share its bytes. Lives on the stack.
/// </summary>
internal struct RenderCache
{
    private Slots _slots;

    public EncodedLine Get<TEvent>(EventRenderer renderer, in TEvent chatEvent)
        where TEvent : struct, IChatEvent
    {
        ref EncodedLine slot = ref _slots[renderer.Index];
        if (slot.IsEmpty)
        {
            slot = chatEvent.RenderWith(renderer);
        }
        return slot;
    }

    [InlineArray(EventRenderer.MaxKinds)]
    private struct Slots
    {
        private EncodedLine _first;
    }
}
