using System.Net;
using Chat.LoadTest.Protocols;

namespace Chat.LoadTest.Servers;

/// <summary>A server to load: one the tool starts by name, or one already running on loopback.</summary>
internal sealed record ServerTarget(string Name, ProtocolKind Protocol, IPEndPoint? Running = null, int? RunningPid = null, string? HostPath = null)
{
    public const string Ours = "ours";
    public const string OursTls = "ours+tls"; // our server, loaded through its TLS line door only

    /// <summary>Our server with its default history store, SQLite, on a fresh file per run (<c>ours</c> runs the memory store).</summary>
    public const string OursSqlite = "ours-sqlite";
    public const string SeedBasic = "seed-basic";
    public const string SeedAdvanced = "seed-advanced";
    public const string NgIrcd = "ngircd";
    public const string InspIrcd = "inspircd";

    public static readonly string[] CompareSet = [Ours, SeedBasic, SeedAdvanced, NgIrcd, InspIrcd];

    /// <summary>Our server: the default build, or another build of it (<c>ours@PATH</c>).</summary>
    public bool IsOurs => Name is Ours or OursSqlite or OursTls || HostPath is not null;

    /// <summary>The clients speak TLS to it (a self-signed certificate the tool makes, not verified).</summary>
    public bool Tls => Name == OursTls;

    /// <summary>
    /// A known name, <c>ours@PATH</c> (another build of our server, e.g. a branch's, to
    /// compare with this one in the same run), or <c>HOST:PORT</c> of a running server
    /// (loopback only: this tool never sends load anywhere else).
    /// </summary>
    public static ServerTarget Parse(string text, ProtocolKind? protocol, int? runningPid = null)
    {
        if (text.StartsWith(Ours + "@", StringComparison.Ordinal))
        {
            return new ServerTarget(text, ProtocolKind.Chat, HostPath: Path.GetFullPath(text[(Ours.Length + 1)..]));
        }
        switch (text)
        {
            case Ours or OursSqlite or OursTls or SeedBasic or SeedAdvanced:
                return new ServerTarget(text, protocol ?? ProtocolKind.Chat);
            case NgIrcd or InspIrcd:
                return new ServerTarget(text, protocol ?? ProtocolKind.Irc);
        }
        if (!IPEndPoint.TryParse(text, out IPEndPoint? endpoint) || endpoint.Port == 0)
        {
            throw new ArgumentException($"Unknown server '{text}': use {string.Join(", ", CompareSet)} or 127.0.0.1:PORT.");
        }
        if (!IPAddress.IsLoopback(endpoint.Address))
        {
            throw new ArgumentException($"Refusing {text}: the load tool targets loopback addresses only.");
        }
        return new ServerTarget(text, protocol ?? ProtocolKind.Chat, endpoint, runningPid);
    }
}
