using System.Diagnostics.CodeAnalysis;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Chat.Host.Transport;

/// <summary>
/// The certificate the TLS doors present, from two PEM files: the certificate (the server's
/// first, any intermediates after it, as in a <c>fullchain.pem</c>) and its private key. A
/// renewed pair is picked up by the next handshake, without a restart; a pair that cannot be
/// used keeps the one before it.
/// </summary>
internal sealed class ServerCertificate
{
    // The files are looked at no more than once a second: a handshake costs a clock read, not two stat calls.
    private const long CheckIntervalMs = 1000;

    private readonly string _certificatePath;
    private readonly string _keyPath;
    private readonly Lock _checking = new();
    private SslStreamCertificateContext _current;
    private (DateTime Certificate, DateTime Key) _loadedStamp;
    private long _checkedAt;

    private ServerCertificate(string certificatePath, string keyPath, SslStreamCertificateContext current, (DateTime, DateTime) stamp)
    {
        _certificatePath = certificatePath;
        _keyPath = keyPath;
        _current = current;
        _loadedStamp = stamp;
        _checkedAt = Environment.TickCount64;
    }

    /// <summary>
    /// Loads the pair. On failure <paramref name="keyAtFault"/> says which file is to blame
    /// (the key when it is unreadable or is not the certificate's) and <paramref name="problem"/> why.
    /// </summary>
    public static bool TryLoad(string certificatePath, string keyPath, [NotNullWhen(true)] out ServerCertificate? certificate, out bool keyAtFault, out string problem)
    {
        var stamp = Stamp(certificatePath, keyPath);
        if (!TryCreate(certificatePath, keyPath, out SslStreamCertificateContext? context, out keyAtFault, out problem))
        {
            certificate = null;
            return false;
        }
        certificate = new ServerCertificate(certificatePath, keyPath, context, stamp);
        return true;
    }

    /// <summary>The certificate for a handshake starting now: the files' newest usable pair.</summary>
    public SslStreamCertificateContext Current(ILogger logger)
    {
        long now = Environment.TickCount64;
        // One handshake looks at the files; those that start meanwhile take the certificate there is.
        if (now - Volatile.Read(ref _checkedAt) >= CheckIntervalMs && _checking.TryEnter())
        {
            try
            {
                Volatile.Write(ref _checkedAt, now);
                ReloadIfChanged(logger);
            }
            finally
            {
                _checking.Exit();
            }
        }
        return Volatile.Read(ref _current);
    }

    private void ReloadIfChanged(ILogger logger)
    {
        var stamp = Stamp(_certificatePath, _keyPath);
        if (stamp == _loadedStamp)
        {
            return;
        }
        // Tried once per change: a broken pair is reported once, not at every handshake.
        _loadedStamp = stamp;
        if (TryCreate(_certificatePath, _keyPath, out SslStreamCertificateContext? context, out _, out string problem))
        {
            Volatile.Write(ref _current, context);
            HostLog.CertificateReloaded(logger, context.TargetCertificate.Subject, context.TargetCertificate.NotAfter);
        }
        else
        {
            HostLog.CertificateReloadFailed(logger, problem);
        }
    }

    private static (DateTime, DateTime) Stamp(string certificatePath, string keyPath) =>
        (File.GetLastWriteTimeUtc(certificatePath), File.GetLastWriteTimeUtc(keyPath));

    private static bool TryCreate(string certificatePath, string keyPath, [NotNullWhen(true)] out SslStreamCertificateContext? context, out bool keyAtFault, out string problem)
    {
        context = null;
        keyAtFault = false;
        if (!TryRead(certificatePath, out string certificatePem, out problem))
        {
            return false;
        }
        var chain = new X509Certificate2Collection();
        try
        {
            chain.ImportFromPem(certificatePem);
        }
        catch (CryptographicException ex)
        {
            problem = $"{certificatePath} is not a PEM certificate ({ex.Message}).";
            return false;
        }
        if (chain.Count == 0)
        {
            problem = $"{certificatePath} holds no PEM certificate.";
            return false;
        }
        keyAtFault = true;
        if (!TryRead(keyPath, out string keyPem, out problem))
        {
            return false;
        }
        X509Certificate2 leaf;
        try
        {
            leaf = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            problem = $"{keyPath} is not the private key of {certificatePath} ({ex.Message}).";
            return false;
        }
        // offline: the chain sent is what the file holds, nothing fetched at start or per handshake.
        context = SslStreamCertificateContext.Create(leaf, [.. chain.Skip(1)], offline: true);
        return true;
    }

    private static bool TryRead(string path, out string text, out string problem)
    {
        try
        {
            text = File.ReadAllText(path);
            problem = "";
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            text = "";
            problem = ex is FileNotFoundException or DirectoryNotFoundException ? $"{path} does not exist." : $"{path} cannot be read ({ex.Message}).";
            return false;
        }
    }
}
