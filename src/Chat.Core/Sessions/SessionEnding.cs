using System.IO.Pipelines;
using Chat.Core.Events;
using Chat.Core.Model;

namespace Chat.Core.Sessions;

/// <summary>
/// How every door's session ends once its read loop has: the user taken off line with the
/// reason its rooms are told (none at shutdown), what is queued drained for at most
/// ShutdownDrain (nothing more for a client too slow to read), the transport completed, and
/// the close logged.
/// </summary>
internal static class SessionEnding
{
    public static async Task<DisconnectReason> EndAsync(
        ChatServer server, long id, ChatUser? user, DisconnectReason reason, WritePump pump, IDuplexPipe transport)
    {
        if (user is not null)
        {
            await server.Directory.RemoveAsync(user, reason switch
            {
                DisconnectReason.Shutdown => null,
                DisconnectReason.TooSlow => LeaveReason.TooSlow,
                _ => LeaveReason.Quit,
            });
        }
        if (reason == DisconnectReason.TooSlow)
        {
            server.Metrics.OutboxDropped();
        }
        await pump.FinishAsync(tooSlow: reason == DisconnectReason.TooSlow, server.Options.ShutdownDrain, server.Time);
        await transport.Input.CompleteAsync();
        ChatLog.Disconnected(server.Logger, id, user?.Name ?? "-", reason.Describe());
        return reason;
    }
}
