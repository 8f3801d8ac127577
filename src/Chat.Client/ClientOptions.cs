using System.Globalization;

namespace Chat.Client;

/// <summary>The command line: <c>[host] [port] [--name NAME]</c>.</summary>
internal sealed record ClientOptions
{
    public const string Usage = """
        Usage: chat [host] [port] [--name NAME]
          host         server address (default 127.0.0.1)
          port         server port (default 8888)
          --name NAME  answer the name prompt with NAME
        In a terminal: Up/Down recall earlier lines, /quit or Ctrl+C or Ctrl+D leaves.
        With stdin or stdout redirected: sends each input line, prints each server line.
        Set NO_COLOR to turn colour off.
        """;

    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 8888;

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
        return true;
    }
}
