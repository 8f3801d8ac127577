using Chat.Core.Model;
using Chat.Core.Protocol;

namespace Chat.Tests.Support;

/// <summary>Reads an outbox the way a session's write loop does.</summary>
internal static class OutboxContents
{
    /// <summary>Every line queued so far, in order, without its LF.</summary>
    public static List<string> TakeAll(Outbox outbox)
    {
        var lines = new List<string>();
        while (outbox.TryRead(out LineBatch? batch))
        {
            foreach (EncodedLine line in batch.Items)
            {
                lines.Add(line.ToString().TrimEnd('\n'));
            }
            outbox.Release(batch);
        }
        return lines;
    }
}
