using System.Text.RegularExpressions;
using Chat.Tests.Support;

namespace Chat.Tests.Commands;

/// <summary>
/// PROTOCOL.md §3: <c>/help</c> answers <c>Commands:</c> and one <c>  /cmd ... - what it does</c> line
/// per command, and last the <c>//</c> escape (§2).
/// </summary>
public sealed partial class HelpCommandTests
{
    private static readonly string[] EveryCommand = ["/help", "/list", "/who", "/rooms", "/join", "/msg", "/me", "/quit"];
    private const string EscapeLine = "  //text - send a message that starts with /";

    [Theory]
    [InlineData("/help")]
    [InlineData("/HELP")]
    [InlineData("/Help me")]
    public async Task HelpListsEveryCommandOnceALine(string command)
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");

        await alice.SendLineAsync(command);

        await alice.ExpectLineAsync("Commands:");
        var listed = new List<string>();
        foreach (string line in await alice.ReadLinesAsync(EveryCommand.Length))
        {
            Match match = HelpLine().Match(line);
            Assert.True(match.Success, $"not a help line: \"{line}\"");
            listed.Add(match.Groups[1].Value);
        }
        Assert.Equal(EveryCommand.Order(), listed.Order());
        await alice.ExpectLineAsync(EscapeLine);
        await alice.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task HelpShowsTheArgumentsOfEachCommand()
    {
        await using var server = new TestServer();
        TestClient alice = await server.LoginAsync("alice");

        await alice.SendLineAsync("/help");

        string[] lines = await alice.ReadLinesAsync(1 + EveryCommand.Length);
        Assert.Contains(lines, l => l.StartsWith("  /join <room> - ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  /msg <user> <message> - ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  /me <action> - ", StringComparison.Ordinal));
    }

    /// <summary>Two spaces, the command word, maybe its arguments, " - ", a description.</summary>
    [GeneratedRegex(@"^  (/[a-z]+)(?: \S.*?)? - \S.*$")]
    private static partial Regex HelpLine();
}
