namespace Chat.Client.Input;

/// <summary>
/// Lines the user sent, oldest first, walked with Up and Down the way a shell does: the
/// line being typed is kept aside while walking and comes back below the newest entry.
/// </summary>
internal sealed class InputHistory(int capacity = 500)
{
    private readonly List<string> _entries = [];
    private int _position; // == _entries.Count: at the line being typed
    private string _draft = "";

    public int Count => _entries.Count;

    /// <summary>Records a sent line (blank lines and repeats of the last one are not kept) and returns to the bottom.</summary>
    public void Add(string line)
    {
        if (!string.IsNullOrWhiteSpace(line) && (_entries.Count == 0 || _entries[^1] != line))
        {
            if (_entries.Count == capacity)
            {
                _entries.RemoveAt(0);
            }
            _entries.Add(line);
        }
        _position = _entries.Count;
        _draft = "";
    }

    /// <summary>The entry before the current one, or null at the oldest; <paramref name="current"/> is kept if it is the draft.</summary>
    public string? Previous(string current)
    {
        if (_position == 0)
        {
            return null;
        }
        if (_position == _entries.Count)
        {
            _draft = current;
        }
        return _entries[--_position];
    }

    /// <summary>The entry after the current one, the draft after the newest, or null when already at the draft.</summary>
    public string? Next()
    {
        if (_position == _entries.Count)
        {
            return null;
        }
        _position++;
        return _position == _entries.Count ? _draft : _entries[_position];
    }
}
