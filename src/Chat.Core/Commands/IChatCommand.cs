
namespace Chat.Core.Commands;

/// <summary>One slash command: its word, its line in <c>/help</c>, and what it does.</summary>
internal interface IChatCommand
{
    /// <summary>The command word with its slash, as matched ignoring case: <c>/join</c>.</summary>
    string Name { get; }

    /// <summary>How <c>/help</c> shows its use: <c>/join &lt;room&gt;</c>.</summary>
    string Usage { get; }

    string Description { get; }

    /// <summary>False for a command that must work even past the rate limit (<c>/quit</c>).</summary>
    bool IsRateLimited => true;

    /// <param name="arguments">The rest of the line, trimmed.</param>
    void Execute(CommandContext context, ReadOnlySpan<char> arguments);
}
