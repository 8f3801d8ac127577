namespace Chat.Host.Transport;

/// <summary>What the TLS doors need: the certificate they present and how long a handshake may take.</summary>
/// <param name="Certificate"><c>Chat:TlsCertificate</c> and <c>Chat:TlsKey</c>, loaded and watched for renewal.</param>
/// <param name="HandshakeTimeout">
/// <c>Chat:TlsHandshakeTimeout</c>. Without it a client that connects and says nothing would
/// hold its socket and its address's share for ever: the login timeout starts only once the
/// chat has a connection to greet, after the handshake.
/// </param>
internal sealed record TlsOptions(ServerCertificate Certificate, TimeSpan HandshakeTimeout);
