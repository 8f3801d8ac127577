using System.Diagnostics;
using Chat.Tests.Client;
using Chat.Tests.EndToEnd;
using Chat.Tests.Faults;

namespace Chat.Tests.Tls;

/// <summary>
/// The line door over TLS (PROTOCOL.md, "TLS"), against the real host: <c>openssl s_client</c>
/// and the chat client log in, the certificate is renewed under a running host, and clients
/// that do not finish a handshake are closed without a stack trace.
/// </summary>
public sealed class TlsDoorTests : IDisposable
{
    private const string LineTls = "line+tls";

    private readonly TestCertificates _certificates = new();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public async Task Openssl_s_client_chats_on_a_tls_only_server()
    {
        await using HostProcess host = await HostProcess.StartAsync([.. _certificates.HostSettings, "--Chat:Port="]);
        int port = await host.DoorPortAsync(LineTls);

        await using OpenSslClient alice = OpenSslClient.Connect(port, _certificates.CaPath);
        await alice.ExpectAsync("Welcome! Enter your name: ");
        await alice.SendLineAsync("alice");
        await alice.ExpectAsync("Hello, alice! You can start chatting. Type /help for commands.\n");
        await alice.SendLineAsync("/who");
        await alice.ExpectAsync("Users in lobby: alice\n");

        Assert.Equal(0, host.Port); // the plain door is off
        Assert.Equal([$"Listening on 127.0.0.1:{port} (line+tls)"], host.StandardOutput.Split('\n').Where(l => l.StartsWith("Listening on", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_client_with_tls_and_a_private_ca_talks_with_a_user_of_the_plain_door()
    {
        await using HostProcess host = await HostProcess.StartAsync(_certificates.HostSettings);
        int port = await host.DoorPortAsync(LineTls);
        await using TcpChatClient alice = await TcpChatClient.LoginAsync(host.Port, "alice");

        using Process bob = Process.Start(ClientProcess.StartInfo("--tls", "127.0.0.1", port.ToString(), "--ca", _certificates.CaPath, "--name", "bob"))!;
        try
        {
            Task<string> errors = bob.StandardError.ReadToEndAsync();
            await ReadUntilAsync(bob, "Hello, bob! You can start chatting. Type /help for commands.");
            await bob.StandardInput.WriteLineAsync("hello over tls");
            await bob.StandardInput.FlushAsync();
            while (!(await alice.ReadLineAsync()).EndsWith("] [lobby] bob: hello over tls", StringComparison.Ordinal))
            {
            }
            await alice.SendLineAsync("hello in plain text");
            await ReadUntilAsync(bob, "] [lobby] alice: hello in plain text", endsWith: true);
            bob.StandardInput.Close();

            await bob.WaitForExitAsync().WaitAsync(ClientProcess.Timeout);
            Assert.Equal(0, bob.ExitCode);
            Assert.Equal("", await errors.WaitAsync(ClientProcess.Timeout));
        }
        finally
        {
            if (!bob.HasExited)
            {
                bob.Kill();
            }
        }
    }

    [Fact]
    public async Task A_renewed_certificate_is_presented_without_a_restart_and_a_broken_one_keeps_the_last()
    {
        await using HostProcess host = await HostProcess.StartAsync(_certificates.HostSettings);
        int port = await host.DoorPortAsync(LineTls);
        Assert.Equal("CN = chat-one", await OpenSslClient.PeerSubjectAsync(port, _certificates.CaPath));

        _certificates.WriteServerCertificate("chat-two");
        await HandshakeUntilAsync(() => OpenSslClient.PeerSubjectAsync(port, _certificates.CaPath), subject => subject == "CN = chat-two");
        await host.WaitForOutputAsync(l => l.Contains("TLS certificate renewed: CN=chat-two", StringComparison.Ordinal));

        await File.WriteAllTextAsync(_certificates.CertificatePath, "not a certificate");
        Task<string> reported = host.WaitForOutputAsync(l => l.Contains("TLS certificate files changed but cannot be used", StringComparison.Ordinal));
        await HandshakeUntilAsync(
            async () => Assert.Equal("CN = chat-two", await OpenSslClient.PeerSubjectAsync(port, _certificates.CaPath)),
            () => reported.IsCompleted);
        Assert.Contains("still presenting the previous certificate", await reported);
        Assert.Equal("CN = chat-two", await OpenSslClient.PeerSubjectAsync(port, _certificates.CaPath));
    }

    [Fact]
    public async Task Plain_text_on_the_tls_port_is_closed_with_one_log_line_and_no_stack_trace()
    {
        await using HostProcess host = await HostProcess.StartAsync(_certificates.HostSettings);
        int port = await host.DoorPortAsync(LineTls);

        await using TcpChatClient telnet = await TcpChatClient.ConnectAsync(port);
        await telnet.SendLineAsync("hello");

        await telnet.ExpectClosedAsync();
        await host.WaitForOutputAsync(l => l.Contains("TLS handshake with 127.0.0.1:", StringComparison.Ordinal));
        await using TcpChatClient plain = await TcpChatClient.LoginAsync(host.Port, "carol"); // the host serves on
        Assert.DoesNotContain("Exception", host.StandardOutput + host.StandardError);
        Assert.DoesNotContain(host.StandardOutput.Split('\n'), l => l.StartsWith("   at ", StringComparison.Ordinal));
        HostOutput.AssertNoErrors(host);
    }

    [Fact]
    public async Task A_client_that_connects_and_says_nothing_is_closed_after_the_handshake_timeout()
    {
        await using HostProcess host = await HostProcess.StartAsync([.. _certificates.HostSettings, "--Chat:TlsHandshakeTimeout=00:00:01"]);
        int port = await host.DoorPortAsync(LineTls);

        await using TcpChatClient silent = await TcpChatClient.ConnectAsync(port);
        var waited = Stopwatch.StartNew();

        await silent.ExpectClosedAsync(); // well before the minute of the login timeout
        Assert.True(waited.Elapsed >= TimeSpan.FromSeconds(0.9), $"closed after {waited.Elapsed}");
        Assert.Contains("not done within 00:00:01", await host.WaitForOutputAsync(l => l.Contains("TLS handshake with", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Both_doors_share_one_count_per_address_and_the_tls_door_refuses_without_plain_text()
    {
        await using HostProcess host = await HostProcess.StartAsync([.. _certificates.HostSettings, "--Chat:MaxConnectionsPerIp=1"]);
        int port = await host.DoorPortAsync(LineTls);
        await using TcpChatClient alice = await TcpChatClient.LoginAsync(host.Port, "alice");

        await using TcpChatClient second = await TcpChatClient.ConnectAsync(port);

        await second.ExpectClosedAsync(); // not a byte: "Too many connections" would be garbage to a TLS client
        await host.WaitForOutputAsync(l => l.Contains("too many connections from it", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_certificate_file_is_one_line_and_exit_code_one()
    {
        string missing = Path.Combine(_certificates.Directory, "missing.pem");

        var (exitCode, stderr, stdout) = await HostProcess.RunToExitAsync([$"--Chat:TlsCertificate={missing}", $"--Chat:TlsKey={_certificates.KeyPath}"]);

        Assert.Equal(1, exitCode);
        Assert.Equal($"Invalid setting Chat:TlsCertificate: {missing} does not exist.", stderr.Trim());
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task A_file_without_a_certificate_is_one_line_naming_the_certificate()
    {
        var (exitCode, stderr, _) = await HostProcess.RunToExitAsync([$"--Chat:TlsCertificate={_certificates.KeyPath}", $"--Chat:TlsKey={_certificates.KeyPath}"]);

        Assert.Equal(1, exitCode);
        Assert.Equal($"Invalid setting Chat:TlsCertificate: {_certificates.KeyPath} holds no PEM certificate.", stderr.Trim());
    }

    [Fact]
    public async Task A_key_that_does_not_match_the_certificate_is_one_line_naming_the_key()
    {
        string otherKey = Path.Combine(_certificates.Directory, "other.key");
        await File.WriteAllTextAsync(otherKey, TestCertificates.UnrelatedKeyPem());

        var (exitCode, stderr, stdout) = await HostProcess.RunToExitAsync([$"--Chat:TlsCertificate={_certificates.CertificatePath}", $"--Chat:TlsKey={otherKey}"]);

        Assert.Equal(1, exitCode);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith($"Invalid setting Chat:TlsKey: {otherKey} is not the private key of {_certificates.CertificatePath}", stderr.Trim());
        Assert.Equal("", stdout);
    }

    [Theory]
    [InlineData("--Chat:TlsKey=/etc/chat/key.pem", "Invalid setting Chat:TlsCertificate: it is not set, but Chat:TlsKey is.")]
    [InlineData("--Chat:TlsCertificate=/etc/chat/cert.pem", "Invalid setting Chat:TlsKey: it is not set; Chat:TlsCertificate needs its private key.")]
    [InlineData("--Chat:Port=", "Invalid setting Chat:Port: it is empty and no TLS door is set: the server would listen nowhere.")]
    [InlineData("--Chat:TlsHandshakeTimeout=0", "Invalid setting Chat:TlsHandshakeTimeout: 0 must be more than zero.")]
    public async Task An_incomplete_tls_setting_is_one_line_and_exit_code_one(string argument, string expected)
    {
        var (exitCode, stderr, stdout) = await HostProcess.RunToExitAsync([argument]);

        Assert.Equal(1, exitCode);
        Assert.Equal(expected, stderr.Trim());
        Assert.Equal("", stdout);
    }

    /// <summary>
    /// Handshakes until <paramref name="done"/>. The host looks at the certificate files at
    /// most once a second, and only when a handshake starts: there is nothing to await but
    /// the handshake that finds the change, so this tries one every tenth of a second.
    /// </summary>
    private static async Task HandshakeUntilAsync(Func<Task> handshake, Func<bool> done)
    {
        using var deadline = new CancellationTokenSource(HostProcess.Timeout);
        while (true)
        {
            await handshake();
            if (done())
            {
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }

    private static async Task HandshakeUntilAsync(Func<Task<string>> handshake, Func<string, bool> done)
    {
        string last = "";
        await HandshakeUntilAsync(async () => last = await handshake(), () => done(last));
    }

    private static async Task ReadUntilAsync(Process client, string expected, bool endsWith = false)
    {
        while (true)
        {
            string? line = await client.StandardOutput.ReadLineAsync().WaitAsync(ClientProcess.Timeout);
            Assert.True(line is not null, $"the client ended before '{expected}'");
            if (endsWith ? line.EndsWith(expected, StringComparison.Ordinal) : line == expected)
            {
                return;
            }
        }
    }
}
