using Chat.Core.Protocol;

namespace Chat.Core.Model;

/// <summary>
/// The last N lines of a room, oldest first. A ring of shared encoded lines: recording a
/// message stores a reference, never a copy. Not thread-safe: its room's lock guards it.
/// </summary>
internal sealed class RoomHistory(int capacity)
{
    private readonly EncodedLine[] _lines = new EncodedLine[capacity];
    private int _next;
    private int _count;

    public int Count => _count;

    public void Add(EncodedLine line)
    {
        if (_lines.Length == 0)
        {
            return;
        }
        _lines[_next] = line;
        _next = (_next + 1) % _lines.Length;
        _count = Math.Min(_count + 1, _lines.Length);
    }

    /// <summary>Hands every kept line, oldest first, to <paramref name="user"/>.</summary>
    public void ReplayTo(ChatUser user)
    {
        int first = (_next - _count + _lines.Length) % Math.Max(_lines.Length, 1);
        for (int i = 0; i < _count; i++)
        {
            user.Send(_lines[(first + i) % _lines.Length]);
        }
    }
}
