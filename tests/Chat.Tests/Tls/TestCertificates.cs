using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Chat.Tests.Tls;

/// <summary>
/// A private CA and a server certificate signed by it, as PEM files in a directory of their
/// own: what an operator gives the host (<c>Chat:TlsCertificate</c>, <c>Chat:TlsKey</c>) and
/// a client trusts (<c>--ca</c>, <c>-CAfile</c>). The server's pair can be renewed in place.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private readonly X509Certificate2 _authority;

    public TestCertificates()
    {
        Directory = Path.Combine(Path.GetTempPath(), "chat-tls-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Chat Test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        _authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2)); // outlives every server certificate it signs
        File.WriteAllText(CaPath, _authority.ExportCertificatePem());
        WriteServerCertificate("chat-one");
    }

    public string Directory { get; }

    public string CaPath => Path.Combine(Directory, "ca.pem");

    public string CertificatePath => Path.Combine(Directory, "server.pem");

    public string KeyPath => Path.Combine(Directory, "server.key");

    /// <summary>The host's settings for a TLS line door on a free port, with these files.</summary>
    public string[] HostSettings => [$"--Chat:TlsCertificate={CertificatePath}", $"--Chat:TlsKey={KeyPath}", "--Chat:TlsPort=0"];

    /// <summary>
    /// (Re)writes the server's pair: <c>CN=<paramref name="commonName"/></c>, valid for
    /// 127.0.0.1 and localhost, a fresh key and serial. Each file is replaced whole (written
    /// beside it, then renamed over it), the key first, as a renewal tool does.
    /// </summary>
    public void WriteServerCertificate(string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // serverAuth
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // positive
        using X509Certificate2 certificate = request.Create(_authority, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);
        Replace(KeyPath, key.ExportPkcs8PrivateKeyPem());
        Replace(CertificatePath, certificate.ExportCertificatePem());
    }

    /// <summary>A private key of no certificate here, as PEM.</summary>
    public static string UnrelatedKeyPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    public void Dispose()
    {
        _authority.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static void Replace(string path, string text)
    {
        string written = path + ".new";
        File.WriteAllText(written, text);
        File.Move(written, path, overwrite: true);
    }
}
