using Chat.Core.Model;
using Chat.Core.Protocol;
using Microsoft.Extensions.Logging;

namespace Chat.Core.Commands;

/// <summary>
/// What a command may use, and no more: the user it runs for, the chat it acts on, the line
/// door that words its replies, the limits, the log, the metrics, and the user's connection.
/// </summary>
internal sealed class CommandContext(
    ChatUser user,
    ChatDirectory directory,
    LineRenderer door,
    CommandTable commands,
    ChatOptions limits,
    ILogger logger,
    ChatMetrics metrics,
    ICommandConnection connection)
{
    public ChatUser User { get; } = user;

    public ChatDirectory Directory { get; } = directory;

    /// <summary>The door the user came through; it words the user's messages.</summary>
    public LineRenderer Door { get; } = door;

    public CommandTable Commands { get; } = commands;

    public ChatOptions Limits { get; } = limits;

    public ILogger Logger { get; } = logger;

    public ChatMetrics Metrics { get; } = metrics;

    /// <summary>The line user's one room.</summary>
    public ChatRoom Room => User.Rooms[0];

    public void Reply(EncodedLine line) => connection.Send(line);

    public void Quit() => connection.Quit();

    /// <summary>See <see cref="ICommandConnection.HoldForStore"/>.</summary>
    public void HoldForStore() => connection.HoldForStore();

    /// <summary>Replies with the too-long error and returns false when <paramref name="text"/> is over the limit.</summary>
    public bool CheckLength(ReadOnlySpan<char> text)
    {
        int max = Limits.MaxMessageLength;
        if (text.Length <= max || CountRunes(text) <= max)
        {
            return true;
        }
        Reply(ServerText.TooLong(max));
        return false;
    }

    internal static int CountRunes(ReadOnlySpan<char> text)
    {
        int count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }
        return count;
    }
}
