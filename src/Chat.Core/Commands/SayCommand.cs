using Chat.Core.Events;
using Chat.Core.Model;
using Microsoft.Extensions.Logging;

namespace Chat.Core.Commands;

/// <summary>
/// A line that is no command: a message to the user's room. It goes through the command
/// table like any command, so rate and length are checked in one place.
/// </summary>
internal sealed class SayCommand : IChatCommand
{
    // Not in /help: nobody types it, and no word starting with '/' reaches it.
    public string Name => "";
    public string Usage => "";
    public string Description => "";

    public void Execute(CommandContext context, ReadOnlySpan<char> arguments) =>
        Post(context, MessageKind.Message, arguments);

    /// <summary>Says <paramref name="text"/> in the user's room, if it is short enough.</summary>
    public static void Post(CommandContext context, MessageKind kind, ReadOnlySpan<char> text)
    {
        if (!context.CheckLength(text))
        {
            return;
        }
        ChatUser user = context.User;
        ChatRoom room = context.Room;
        if (context.Logger.IsEnabled(LogLevel.Debug))
        {
            ChatLog.MessageReceived(context.Logger, user.Name, room.Name, text.ToString());
        }
        if (room.TryPost(context.Door.Say(room.Name, context.Directory.NextMessageId(), user.Name, kind, text), user, out _, out int recipients))
        {
            context.Metrics.MessageDelivered(recipients);
        }
        else
        {
            context.HoldForStore();
        }
    }
}
