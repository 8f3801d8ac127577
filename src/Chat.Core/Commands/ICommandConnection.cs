using Chat.Core.Protocol;

namespace Chat.Core.Commands;

/// <summary>The connection a command runs for: where its replies go, and how its user leaves.</summary>
internal interface ICommandConnection
{
    void Send(EncodedLine line);

    /// <summary>
    /// The line being handled was not taken (the history store's queue is full): leave it
    /// unread and handle it again once the store has room, reading nothing meanwhile.
    /// </summary>
    void HoldForStore();

    /// <summary>Ends the connection after what is queued, <c>Goodbye!</c> last.</summary>
    void Quit();
}
