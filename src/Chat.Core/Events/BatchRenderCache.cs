using System.Runtime.CompilerServices;
using Chat.Core.Protocol;

namespace Chat.Core.Events;

/// <summary>
/// A batch of events (a login storm's joins, a batch of departures) rendered per kind of door
/// on first need, so every member of a kind is handed the same lines in one visit.
/// </summary>
internal ref struct BatchRenderCache<TEvent>(ReadOnlySpan<TEvent> events)
    where TEvent : struct, IChatEvent
{
    private readonly ReadOnlySpan<TEvent> _events = events;
    private Slots _slots;

    public ReadOnlySpan<EncodedLine> Get(EventRenderer renderer)
    {
        ref EncodedLine[]? slot = ref _slots[renderer.Index];
        if (slot is null)
        {
            slot = new EncodedLine[_events.Length];
            for (int i = 0; i < _events.Length; i++)
            {
                slot[i] = _events[i].RenderWith(renderer);
            }
        }
        return slot;
    }

    [InlineArray(EventRenderer.MaxKinds)]
    private struct Slots
    {
        private EncodedLine[]? _first;
    }
}
