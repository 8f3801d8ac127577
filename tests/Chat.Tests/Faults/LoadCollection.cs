namespace Chat.Tests.Faults;

/// <summary>
/// Tests that time the server or put a thousand sockets on it run alone, after the rest: on a
/// two-core machine, a neighbouring test would measure itself instead.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadCollection
{
    public const string Name = "Load and timing";
}
