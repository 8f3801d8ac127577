namespace Chat.Core.Sessions;

/// <summary>One connection of any door, as the server sees it: run until it ends, or told of shutdown.</summary>
internal interface IServerSession
{
    long Id { get; }

    Task<DisconnectReason> RunAsync();

    /// <summary>Tells the client the server is going away and ends the session.</summary>
    void Shutdown();
}
