using System.Text.RegularExpressions;
using Chat.Client.Net;

namespace Chat.Client.Display;

/// <summary>
/// Tells what each server line is (PROTOCOL.md's wording, through <see cref="ServerWording"/>).
/// It remembers one thing between lines: whether a history block is open, since the lines
/// of a replayed history look like live messages.
/// </summary>
internal sealed partial class LineClassifier
{
    private bool _inHistory;

    public LineStyle Classify(string line)
    {
        if (line == ServerWording.HistoryStart)
        {
            _inHistory = true;
            return LineStyle.HistoryMarker;
        }
        if (line == ServerWording.HistoryEnd)
        {
            _inHistory = false;
            return LineStyle.HistoryMarker;
        }
        if (_inHistory)
        {
            return LineStyle.History;
        }
        if (line.StartsWith(ServerWording.PrivateFrom.Prefix, StringComparison.Ordinal))
        {
            return LineStyle.PrivateFrom;
        }
        if (line.StartsWith(ServerWording.PrivateTo.Prefix, StringComparison.Ordinal))
        {
            return LineStyle.PrivateTo;
        }
        if (ServerWording.Notice.Matches(line))
        {
            return LineStyle.Notice;
        }
        if (ServerWording.FixedErrors.Contains(line) || ServerWording.ErrorShapes.Any(s => s.Matches(line)))
        {
            return LineStyle.Error;
        }
        if (MessageHeader(line) is { } header)
        {
            return line.AsSpan(header).StartsWith("* ") ? LineStyle.Action : LineStyle.Message;
        }
        return LineStyle.Info;
    }

    /// <summary>
    /// The length of <c>[HH:MM] [room] </c> at the start of a room message, or null when the
    /// line is not one.
    /// </summary>
    public static int? MessageHeader(string line)
    {
        Match match = MessageHeaderPattern().Match(line);
        return match.Success ? match.Length : null;
    }

    // Room names are letters, digits, '_' and '-' (PROTOCOL.md §3), so ']' ends one.
    [GeneratedRegex(@"^\[\d\d:\d\d\] \[[^\]]+\] ", RegexOptions.CultureInvariant)]
    private static partial Regex MessageHeaderPattern();
}
