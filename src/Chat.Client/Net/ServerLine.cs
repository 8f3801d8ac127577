namespace Chat.Client.Net;

/// <summary>One thing the server said: a line (without its LF), or a name prompt, which has no LF.</summary>
internal readonly record struct ServerLine(string Text, bool IsPrompt)
{
    public override string ToString() => IsPrompt ? $"prompt \"{Text}\"" : Text;
}
