using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Chat.Client.Modes;
using Chat.Client.Net;

namespace Chat.Client;

/// <summary>
/// Connects and runs the mode the console calls for. Exit codes: 0 when the user quits or
/// the server closes, 1 when the connection cannot be made, 2 for a bad command line.
/// </summary>
internal static class ClientApp
{
    public const int Success = 0;
    public const int ConnectFailed = 1;
    public const int BadArguments = 2;

    /// <summary>The whole client, from its command line; <paramref name="interrupt"/> is Ctrl+C (SIGINT).</summary>
    public static async Task<int> RunAsync(string[] args, ClientConsole console, CancellationToken interrupt)
    {
        if (!ClientOptions.TryParse(args, out ClientOptions options, out string error))
        {
            await console.Error.WriteLineAsync(error);
            await console.Error.WriteLineAsync(ClientOptions.Usage);
            return BadArguments;
        }
        if (options.ShowHelp)
        {
            await console.Out.WriteLineAsync(ClientOptions.Usage);
            return Success;
        }
        return await RunAsync(options, console, interrupt);
    }

    public static async Task<int> RunAsync(ClientOptions options, ClientConsole console, CancellationToken interrupt)
    {
        SslClientAuthenticationOptions? tls = null;
        if (options.Tls)
        {
            try
            {
                tls = TlsOptions(options);
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
            {
                await console.Error.WriteLineAsync($"Cannot read --ca {options.CaFile}: {ex.Message}");
                return BadArguments;
            }
        }
        ChatConnection connection;
        try
        {
            connection = await ChatConnection.ConnectAsync(options.Host, options.Port, options.ConnectTimeout, interrupt, tls);
        }
        catch (SocketException ex)
        {
            await console.Error.WriteLineAsync($"Cannot connect to {options.Host}:{options.Port}: {ex.Message}");
            return ConnectFailed;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            await console.Error.WriteLineAsync($"Cannot connect to {options.Host}:{options.Port}: TLS handshake failed: {ex.Message}");
            return ConnectFailed;
        }
        catch (OperationCanceledException)
        {
            return Success; // Ctrl+C while connecting: the user changed their mind
        }
        await using (connection)
        {
            return console.IsInteractive
                ? await new InteractiveMode(connection, console.Terminal!, console.Keys!, options.Name, options.GoodbyeTimeout).RunAsync(interrupt)
                : await new PipeMode(connection, console, options.Name, options.QuietPeriod, options.GoodbyeTimeout).RunAsync(interrupt);
        }
    }

    /// <summary>
    /// The server must prove it is <see cref="ClientOptions.Host"/> with a chain ending at an
    /// authority the system trusts, or with <c>--ca</c> at that one authority only: a private
    /// CA's certificate is trusted for this connection, never added to the system's store.
    /// </summary>
    private static SslClientAuthenticationOptions TlsOptions(ClientOptions options)
    {
        var tls = new SslClientAuthenticationOptions { TargetHost = options.Host };
        if (options.CaFile is { } caFile)
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(caFile);
            if (authorities.Count == 0)
            {
                throw new CryptographicException("it holds no PEM certificate.");
            }
            tls.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck, // a private CA rarely publishes revocation lists
            };
            tls.CertificateChainPolicy.CustomTrustStore.AddRange(authorities);
        }
        return tls;
    }
}
