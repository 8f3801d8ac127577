using Chat.Core.Protocol;

namespace Chat.Core.Commands;

/// <summary>The connection a command runs for: where its replies go, and how its user leaves.</summary>
internal interface ICommandConnection
{
    void Send(EncodedLine line);

    /// <summary>Ends the connection after what is queued, <c>Goodbye!</c> last.</summary>
    void Quit();
}
