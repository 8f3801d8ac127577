using Chat.Core.Events;
using Chat.Core.Model;
using Chat.Core.Protocol;

namespace Chat.Tests.Support;

/// <summary>A user of the chat model with no connection: what it is sent stays in its outbox until taken.</summary>
internal sealed class Member(ChatUser user, Outbox outbox)
{
    public ChatUser User { get; } = user;

    /// <summary>A user logged in on <paramref name="directory"/> through a door of <paramref name="renderer"/>'s kind.</summary>
    public static Member Login(ChatDirectory directory, string name, EventRenderer renderer)
    {
        var outbox = new Outbox(1 << 24);
        var member = new Member(new ChatUser(name, renderer, outbox), outbox);
        Task<bool> adding = directory.TryAddAsync(member.User);
        Assert.True(adding.IsCompletedSuccessfully && adding.Result, $"{name} could not log in");
        return member;
    }

    /// <summary>Every line sent so far, as sent.</summary>
    public List<EncodedLine> Take()
    {
        Assert.False(outbox.Overflowed, $"{User.Name}'s outbox overflowed");
        var lines = new List<EncodedLine>();
        while (outbox.TryRead(out LineBatch? batch))
        {
            lines.AddRange(batch.Items);
            outbox.Release(batch);
        }
        return lines;
    }

    /// <summary>Every line sent so far, as text without its LF.</summary>
    public List<string> TakeText() => Take().Select(l => l.ToString().TrimEnd('\n')).ToList();
}
