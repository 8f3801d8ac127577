using Chat.Tests.Client;

namespace Chat.Tests.Irc;

/// <summary>A test that drives irssi in tmux; skipped, not failed, where either is missing (CI installs both).</summary>
public sealed class IrssiFactAttribute : FactAttribute
{
    public IrssiFactAttribute()
    {
        if (!Tmux.IsInstalled || !Tmux.IsOnPath("irssi"))
        {
            Skip = "tmux or irssi is not installed (apt-get install -y tmux irssi)";
        }
    }
}
