using Chat.Core.Protocol;

namespace Chat.Core.Model;

/// <summary>A logged-in user: a unique name, the room it is in, and where its lines go.</summary>
public sealed class ChatUser(string name, Outbox outbox)
{
    public string Name { get; } = name;

    /// <summary>What the name looks like (<see cref="NameSkeleton"/>), computed before the directory's lock is taken.</summary>
    internal string Skeleton { get; } = NameSkeleton.Of(name);

    /// <summary>Changed only under <see cref="ChatDirectory"/>'s lock, by the user's own session.</summary>
    public ChatRoom Room { get; internal set; } = null!;

    public void Send(EncodedLine line) => outbox.TryEnqueue(line);

    /// <summary>Several lines in order, queued together.</summary>
    public void Send(ReadOnlySpan<EncodedLine> lines) => outbox.TryEnqueue(lines);
}
