using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Chat.Core;
using Chat.Host.Transport;
using Microsoft.Extensions.Configuration;

namespace Chat.Host;

/// <summary>
/// Reads section <c>Chat</c> into the server's options and checks every value before
/// anything starts, so a bad setting is one clear line naming its key, never a stack trace
/// or a half-configured server (PROTOCOL.md "Settings"). Unknown keys are ignored.
/// </summary>
internal static class ChatSettings
{
    public const string Section = "Chat";

    public static bool TryRead(IConfiguration configuration, out ListenerOptions listener, out ChatOptions options, out string error)
    {
        var reader = new Reader(configuration.GetSection(Section));
        var defaults = new ChatOptions();
        IReadOnlyList<IPAddress> addresses = reader.Addresses("Address", IPAddress.Loopback);
        int? port = reader.Port("Port", 8888);
        TlsOptions? tls = ReadTls(reader, out int? tlsPort);
        var doors = new List<Door>();
        if (port is { } plain)
        {
            doors.Add(Door.Line(plain));
        }
        if (tlsPort is { } encrypted)
        {
            doors.Add(Door.LineTls(encrypted));
        }
        if (reader.Port("IrcPort", 6667) is { } irc)
        {
            doors.Add(Door.IrcPlain(irc));
        }
        if (doors.Count == 0)
        {
            reader.Reject("Port", "it is empty and no TLS door is set: the server would listen nowhere.");
        }
        listener = new ListenerOptions(
            addresses,
            doors,
            tls,
            reader.Int("MaxConnectionsPerIp", 100, 0),
            reader.WholeSeconds("DeadPeerTimeout", TimeSpan.FromMinutes(2)));
        options = new ChatOptions
        {
            HistorySize = reader.Int("HistorySize", defaults.HistorySize, 0),
            MaxMessageLength = reader.Int("MaxMessageLength", defaults.MaxMessageLength, 1),
            MaxLineBytes = reader.Int("MaxLineBytes", defaults.MaxLineBytes, 1),
            RateLimitMessages = reader.Int("RateLimitMessages", defaults.RateLimitMessages, 0),
            RateLimitWindow = reader.Duration("RateLimitWindow", defaults.RateLimitWindow, allowZero: false),
            RateLimitBurst = reader.Int("RateLimitBurst", defaults.RateLimitBurst, 0),
            OutboxBytes = reader.Long("OutboxBytes", defaults.OutboxBytes, 1),
            MaxConnections = reader.Int("MaxConnections", defaults.MaxConnections, 1),
            LoginTimeout = reader.Duration("LoginTimeout", defaults.LoginTimeout, allowZero: false),
            ShutdownDrain = reader.Duration("ShutdownDrain", defaults.ShutdownDrain, allowZero: true),
            ServerName = reader.ServerName("ServerName", defaults.ServerName),
        };
        error = reader.Error ?? "";
        return reader.Error is null;
    }

    /// <summary>
    /// The TLS settings: none unless <c>TlsCertificate</c> is set, and then its key, the
    /// certificate loaded from both files (so that a missing or mismatched file stops the
    /// host here), and the port of the line door over TLS (null when turned off).
    /// </summary>
    private static TlsOptions? ReadTls(Reader reader, out int? tlsPort)
    {
        string certificatePath = reader.Text("TlsCertificate", "");
        string keyPath = reader.Text("TlsKey", "");
        tlsPort = reader.Port("TlsPort", 6698);
        TimeSpan handshakeTimeout = reader.Duration("TlsHandshakeTimeout", TimeSpan.FromSeconds(10), allowZero: false);
        if (certificatePath.Length == 0)
        {
            if (keyPath.Length > 0)
            {
                reader.Reject("TlsCertificate", "it is not set, but Chat:TlsKey is.");
            }
            tlsPort = null;
            return null;
        }
        if (keyPath.Length == 0)
        {
            reader.Reject("TlsKey", "it is not set; Chat:TlsCertificate needs its private key.");
            return null;
        }
        if (!ServerCertificate.TryLoad(certificatePath, keyPath, out ServerCertificate? certificate, out bool keyAtFault, out string problem))
        {
            reader.Reject(keyAtFault ? "TlsKey" : "TlsCertificate", problem);
            return null;
        }
        return new TlsOptions(certificate, handshakeTimeout);
    }

    /// <summary>The one line that rejects <paramref name="key"/>'s value.</summary>
    public static string Invalid(string key, string problem) => $"Invalid setting {Section}:{key}: {problem}";

    /// <summary>Parses one key at a time and keeps the first error.</summary>
    internal sealed class Reader(IConfigurationSection section)
    {
        public string? Error { get; private set; }

        public int Int(string key, int fallback, int min, int max = int.MaxValue) =>
            (int)Long(key, fallback, min, max);

        public long Long(string key, long fallback, long min, long max = long.MaxValue)
        {
            string? text = section[key];
            if (text is null)
            {
                return fallback;
            }
            if (!long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            {
                return Fail(key, $"{text} is not a whole number.", fallback);
            }
            if (value < min || value > max)
            {
                string range = max == long.MaxValue || max == int.MaxValue ? $"less than {min}" : $"not between {min} and {max}";
                return Fail(key, $"{value} is {range}.", fallback);
            }
            return value;
        }

        /// <summary>The IRC name: one word of printable ASCII, as the source of the server's messages must be.</summary>
        public string ServerName(string key, string fallback)
        {
            string text = section[key]?.Trim() ?? fallback;
            return text.Length is > 0 and <= 63 && text.All(c => c is > ' ' and < (char)127 && c != ':' && c != '!' && c != '@')
                ? text
                : Fail(key, $"\"{text}\" is not a server name (1-63 printable ASCII characters, no space, ':', '!' or '@').", fallback);
        }

        /// <summary>A port, 0 for any free one; empty turns its door off (null).</summary>
        public int? Port(string key, int fallback) =>
            section[key] is { } text && string.IsNullOrWhiteSpace(text) ? null : Int(key, fallback, 0, 65535);

        public TimeSpan Duration(string key, TimeSpan fallback, bool allowZero, TimeSpan? max = null)
        {
            string? text = section[key];
            if (text is null)
            {
                return fallback;
            }
            if (!TimeSpan.TryParse(text.Trim(), CultureInfo.InvariantCulture, out TimeSpan value))
            {
                return Fail(key, $"{text} is not a duration such as 00:00:05.", fallback);
            }
            if (value < TimeSpan.Zero || (value == TimeSpan.Zero && !allowZero))
            {
                return Fail(key, $"{text} must be {(allowZero ? "zero or more" : "more than zero")}.", fallback);
            }
            if (value > max)
            {
                return Fail(key, $"{text} is more than {max:c}.", fallback);
            }
            return value;
        }

        public string Text(string key, string fallback)
        {
            string? text = section[key];
            if (text is null)
            {
                return fallback;
            }
            return string.IsNullOrWhiteSpace(text) ? Fail(key, "it is empty.", fallback) : text.Trim();
        }

        public TEnum Choice<TEnum>(string key, TEnum fallback) where TEnum : struct, Enum
        {
            string? text = section[key];
            if (text is null)
            {
                return fallback;
            }
            string[] names = Enum.GetNames<TEnum>();
            string? name = names.FirstOrDefault(n => n.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase));
            return name is null ? Fail(key, $"{text} is not one of {string.Join(", ", names)}.", fallback) : Enum.Parse<TEnum>(name);
        }

        /// <summary>A timeout the kernel counts in whole seconds: zero (off), or one second or more.</summary>
        public TimeSpan WholeSeconds(string key, TimeSpan fallback)
        {
            TimeSpan value = Duration(key, fallback, allowZero: true);
            return value.Ticks % TimeSpan.TicksPerSecond == 0
                ? value
                : Fail(key, $"{section[key]} is not a whole number of seconds.", fallback);
        }

        /// <summary>One address, or several separated by commas, each an IP literal or <c>localhost</c>.</summary>
        public IReadOnlyList<IPAddress> Addresses(string key, IPAddress fallback)
        {
            string? text = section[key];
            if (text is null)
            {
                return [fallback];
            }
            var addresses = new List<IPAddress>();
            foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
            {
                IPAddress? address = part.Equals("localhost", StringComparison.OrdinalIgnoreCase)
                    ? IPAddress.Loopback
                    : IPAddress.TryParse(part, out IPAddress? parsed) ? parsed : null;
                if (address is null)
                {
                    string problem = part.Length == 0 ? $"{text} has an empty entry." : $"{part} is not an IP address.";
                    return Fail<IReadOnlyList<IPAddress>>(key, problem, [fallback]);
                }
                if (addresses.Contains(address))
                {
                    return Fail<IReadOnlyList<IPAddress>>(key, $"{part} is listed twice.", [fallback]);
                }
                addresses.Add(address);
            }
            // The kernel refuses a second socket on the port under `::` (IPv4 too: dual-stack)
            // or under `0.0.0.0` (every IPv4 address): say so now, not as a port in use.
            foreach (IPAddress any in (IPAddress[])[IPAddress.IPv6Any, IPAddress.Any])
            {
                IPAddress? covered = addresses.Contains(any)
                    ? addresses.Find(a => !a.Equals(any) && (any.Equals(IPAddress.IPv6Any) || a.AddressFamily == AddressFamily.InterNetwork))
                    : null;
                if (covered is not null)
                {
                    return Fail<IReadOnlyList<IPAddress>>(key, $"{covered} is already covered by {any}.", [fallback]);
                }
            }
            return addresses;
        }

        /// <summary>Rejects <paramref name="key"/> for a reason found outside the reader (unless an earlier key was rejected already).</summary>
        public void Reject(string key, string problem) => Error ??= Invalid(key, problem);

        private T Fail<T>(string key, string problem, T fallback)
        {
            Error ??= Invalid(key, problem);
            return fallback;
        }
    }
}
