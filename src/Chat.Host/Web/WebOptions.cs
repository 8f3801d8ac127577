namespace Chat.Host.Web;

/// <summary>The web door's settings (PROTOCOL.md "The web door").</summary>
/// <param name="Port"><c>Chat:WebPort</c>; 0 = any free port; null = no web door.</param>
/// <param name="AllowedOrigins">
/// <c>Chat:AllowedOrigins</c>, comma-separated: the pages of other sites that may open
/// <c>/ws</c>. The web client's own origin is always allowed.
/// </param>
internal sealed record WebOptions(int? Port, IReadOnlyList<string> AllowedOrigins);
