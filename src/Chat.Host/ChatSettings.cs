using System.Globalization;
using System.Net;
using Chat.Core;
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
        listener = new ListenerOptions(
            reader.Address("Address", IPAddress.Loopback),
            reader.Int("Port", 8888, 0, 65535),
            reader.Int("MaxConnectionsPerIp", 100, 0));
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
        };
        error = reader.Error ?? "";
        return reader.Error is null;
    }

    /// <summary>Parses one key at a time and keeps the first error.</summary>
    private sealed class Reader(IConfigurationSection section)
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

        public TimeSpan Duration(string key, TimeSpan fallback, bool allowZero)
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
            return value;
        }

        public IPAddress Address(string key, IPAddress fallback)
        {
            string? text = section[key];
            if (text is null)
            {
                return fallback;
            }
            if (text.Trim().Equals("localhost", StringComparison.OrdinalIgnoreCase))
            {
                return IPAddress.Loopback;
            }
            return IPAddress.TryParse(text.Trim(), out IPAddress? address)
                ? address
                : Fail(key, $"{text} is not an IP address.", fallback);
        }

        private T Fail<T>(string key, string problem, T fallback)
        {
            Error ??= $"Invalid setting {Section}:{key}: {problem}";
            return fallback;
        }
    }
}
