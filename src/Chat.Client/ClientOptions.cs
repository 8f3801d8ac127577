using System.Globalization;

namespace Chat.Client;

/// <summary>The command line: <c>[host] [port] [--name NAME] [--tls [--ca FILE]]</c>.</summary>
internal sealed record ClientOptions
{
    public const string Usage = """
        Usage: chat [host] [port] [--name NAME] [--tls [--ca FILE]]
          host         server address (default 127.0.0.1)
          port         server port (default 8888, with --tls 6698)
          --name NAME  answer the name prompt with NAME
          --tls        connect over TLS; the server's certificate must be valid for host
                       and signed by an authority the system trusts
          --ca FILE    with --tls: trust only the authority in FILE (PEM), for a private CA
        In a terminal: Up/Down recall earlier lines, /quit or Ctrl+C or Ctrl+D leaves.
        With stdin or stdout redirected: sends each input line, prints each server line.
        Set NO_COLOR to turn colour off.
        """;

    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 8888;

    /// <summary>The port of the line door over TLS (PROTOCOL.md, Settings: <c>Chat:TlsPort</c>).</summary>
    public const int TlsPort = 6698;

    public bool Tls { get; init; }

    /// <summary>With <see cref="Tls"/>: the one authority (PEM) the server's chain must end at, instead of the system's.</summary>
    public string? CaFile { get; init; }

    public string? Name { get; init; }

    public bool ShowHelp { get; init; }

    /// <summary>How long a connection attempt may take before it counts as failed.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait for <c>Goodbye!</c> after sending <c>/quit</c>.</summary>
    public TimeSpan GoodbyeTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>In pipe mode, how long the server must stay silent after input ends before the client exits.</summary>
    public TimeSpan QuietPeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Parses <paramref name="args"/>; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string[] args, out ClientOptions options, out string error)
    {
        options = new ClientOptions();
        error = "";
        var positional = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg is "-h" or "--help")
            {
                options = options with { ShowHelp = true };
            }
            else if (arg == "--name")
            {
                if (i + 1 == args.Length)
                {
                    error = "--name needs a value.";
                    return false;
                }
                options = options with { Name = args[++i] };
            }
            else if (arg.StartsWith("--name=", StringComparison.Ordinal))
            {
                options = options with { Name = arg["--name=".Length..] };
            }
            else if (arg == "--tls")
            {
                options = options with { Tls = true };
            }
            else if (arg == "--ca")
            {
                if (i + 1 == args.Length)
                {
                    error = "--ca needs a file.";
                    return false;
                }
                options = options with { CaFile = args[++i] };
            }
            else if (arg.StartsWith("--ca=", StringComparison.Ordinal))
            {
                options = options with { CaFile = arg["--ca=".Length..] };
            }
            else if (arg.StartsWith('-') && arg.Length > 1)
            {
                error = $"Unknown option {arg}.";
                return false;
            }
            else
            {
                positional.Add(arg);
            }
        }
        if (positional.Count > 2)
        {
            error = $"Unexpected argument {positional[2]}.";
            return false;
        }
        if (positional.Count > 0)
        {
            options = options with { Host = positional[0] };
        }
        if (options.Tls)
        {
            options = options with { Port = TlsPort };
        }
        if (positional.Count > 1)
        {
            if (!int.TryParse(positional[1], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
            {
                error = $"Invalid port {positional[1]}: use a number from 1 to 65535.";
                return false;
            }
            options = options with { Port = port };
        }
        if (options.Name is { Length: 0 })
        {
            error = "--name needs a value.";
            return false;
        }
        if (options.CaFile is not null && (!options.Tls || options.CaFile.Length == 0))
        {
            error = options.Tls ? "--ca needs a file." : "--ca needs --tls.";
            return false;
        }
        return true;
    }
}
