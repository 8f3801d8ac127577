using System.Text.Json;

namespace Chat.Host.Web;

/// <summary>
/// One JSON command of the web door (PROTOCOL.md "The web door") as the line the line
/// protocol would have received, so names, rooms, limits, rate limit and sanitising are the
/// line door's own. A field cannot smuggle a second line: its CR and LF become spaces.
/// </summary>
internal static class WebCommand
{
    /// <summary>The line for <paramref name="json"/> (without its LF), or null with the reason it is refused.</summary>
    public static string? ToLine(ReadOnlySpan<byte> json, out string? problem)
    {
        problem = null;
        try
        {
            using JsonDocument document = JsonDocument.Parse(json.ToArray());
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out JsonElement type) || type.ValueKind != JsonValueKind.String)
            {
                problem = "a command is a JSON object with a \"type\"";
                return null;
            }
            string? line = type.GetString() switch
            {
                "login" => Field(root, "name"),
                "say" => Field(root, "text") is { } text ? (text.StartsWith('/') ? "/" + text : text) : null,
                "me" => Field(root, "text") is { } action ? "/me " + action : null,
                "join" => Field(root, "room") is { } room ? "/join " + room : null,
                "msg" => Field(root, "to") is { } to && Field(root, "text") is { } said ? $"/msg {to} {said}" : null,
                "list" => "/list",
                "who" => "/who",
                "rooms" => "/rooms",
                "help" => "/help",
                "quit" => "/quit",
                _ => null,
            };
            if (line is null)
            {
                problem = $"unknown command or missing field: {type.GetString()}";
            }
            return line;
        }
        catch (JsonException)
        {
            problem = "not JSON";
            return null;
        }
    }

    private static string? Field(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!.Replace('\r', ' ').Replace('\n', ' ')
            : null;

    /// <summary>One server line (UTF-8, without its LF) as the JSON text frame the web client reads.</summary>
    public static void WriteLineFrame(Utf8JsonWriter json, ReadOnlySpan<byte> utf8Line)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, "line"u8);
        json.WriteString("text"u8, utf8Line.TrimEnd((byte)'\r'));
        json.WriteEndObject();
    }

    public static byte[] ErrorFrame(string problem) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["type"] = "error", ["text"] = problem });
}
