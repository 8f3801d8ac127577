namespace Chat.Tests.Faults;

/// <summary>
/// A test that cuts a client's network (<see cref="IsolatedNetwork"/>); skipped, with the
/// reason, where the machine does not let it make one (not root, no <c>ip</c>, no namespaces).
/// </summary>
public sealed class IsolatedNetworkFactAttribute : FactAttribute
{
    public IsolatedNetworkFactAttribute()
    {
        if (IsolatedNetwork.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
