using System.Collections.Concurrent;
using System.Net;

namespace Chat.Host.Transport;

/// <summary>Counts open connections per remote address against <c>MaxConnectionsPerIp</c> (0 = no limit).</summary>
internal sealed class ConnectionsPerAddress(int limit)
{
    private readonly ConcurrentDictionary<IPAddress, int> _open = new();

    /// <summary>Counts one more connection from <paramref name="address"/>; false, counting nothing, when it has its share.</summary>
    public bool TryAdd(IPAddress address)
    {
        if (limit == 0)
        {
            return true;
        }
        while (true)
        {
            int open = _open.GetValueOrDefault(address);
            if (open >= limit)
            {
                return false;
            }
            if (open == 0 ? _open.TryAdd(address, 1) : _open.TryUpdate(address, open + 1, open))
            {
                return true;
            }
        }
    }

    public void Remove(IPAddress address)
    {
        if (limit == 0)
        {
            return;
        }
        while (true)
        {
            int open = _open[address];
            bool done = open == 1
                ? _open.TryRemove(KeyValuePair.Create(address, 1))
                : _open.TryUpdate(address, open - 1, open);
            if (done)
            {
                return;
            }
        }
    }
}
