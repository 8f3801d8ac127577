using Microsoft.Extensions.Configuration;

namespace Chat.Host.Web;

/// <summary>Reads <c>Chat:WebPort</c> and <c>Chat:AllowedOrigins</c>, checked the way <see cref="ChatSettings"/> checks the rest of section <c>Chat</c>.</summary>
internal static class WebSettings
{
    public static bool TryRead(IConfiguration configuration, out WebOptions options, out string error)
    {
        var reader = new ChatSettings.Reader(configuration.GetSection(ChatSettings.Section));
        int? port = reader.Port("WebPort", 8080);
        string origins = configuration.GetSection(ChatSettings.Section)["AllowedOrigins"] ?? "";
        var allowed = new List<string>();
        foreach (string origin in origins.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/")
            {
                reader.Reject("AllowedOrigins", $"{origin} is not an origin such as https://chat.example.org.");
                break;
            }
            allowed.Add(origin.TrimEnd('/'));
        }
        options = new WebOptions(port, allowed);
        error = reader.Error ?? "";
        return reader.Error is null;
    }
}
