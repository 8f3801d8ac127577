namespace Chat.Core.Model;

/// <summary>
/// Users or rooms by name, where a name is taken while another equals it ignoring case or looks
/// like it (the same <see cref="NameSkeleton"/>; PROTOCOL.md §1). No two entries share either
/// key, so a lookup finds at most one by each. Not thread-safe: <see cref="ChatDirectory"/>
/// holds its lock.
/// </summary>
internal sealed class NameIndex<T>
    where T : class
{
    private readonly Dictionary<string, T> _byName = new(NameRules.Comparer);
    private readonly Dictionary<string, T> _bySkeleton = new(StringComparer.Ordinal);

    public int Count => _byName.Count;

    public IEnumerable<string> Names => _byName.Keys;

    public IEnumerable<T> Values => _byName.Values;

    /// <summary>The entry named <paramref name="name"/> ignoring case, else the one that looks like it, else null.</summary>
    public T? Find(string name, string skeleton) =>
        _byName.GetValueOrDefault(name) ?? _bySkeleton.GetValueOrDefault(skeleton);

    /// <summary>Adds <paramref name="value"/> unless its name is taken.</summary>
    public bool TryAdd(string name, string skeleton, T value)
    {
        if (Find(name, skeleton) is not null)
        {
            return false;
        }
        _byName.Add(name, value);
        _bySkeleton.Add(skeleton, value);
        return true;
    }

    /// <summary>Removes <paramref name="value"/>; false if it was not in the index.</summary>
    public bool Remove(string name, string skeleton, T value)
    {
        if (!ReferenceEquals(_byName.GetValueOrDefault(name), value))
        {
            return false;
        }
        _byName.Remove(name);
        _bySkeleton.Remove(skeleton);
        return true;
    }
}
