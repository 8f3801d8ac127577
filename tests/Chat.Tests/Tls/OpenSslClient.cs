using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Chat.Tests.EndToEnd;

namespace Chat.Tests.Tls;

/// <summary>
/// <c>openssl s_client</c> run as its own process against a TLS door, trusting only the
/// test CA (<c>-CAfile</c>, <c>-verify_return_error</c>: a certificate it cannot verify
/// ends the connection). What the server sends is collected as it comes: the name prompt
/// has no LF, so it is read as text, not as lines.
/// </summary>
internal sealed partial class OpenSslClient : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _received = new();
    private readonly Task _reading;
    private TaskCompletionSource _more = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _read;
    private bool _ended;

    private OpenSslClient(Process process)
    {
        _process = process;
        _reading = ReadAsync();
    }

    /// <summary>A quiet session (<c>-quiet</c>): stdout carries only what the server sends.</summary>
    public static OpenSslClient Connect(int port, string caPath) =>
        new(Process.Start(StartInfo(port, caPath, "-quiet"))!);

    /// <summary>One handshake, and the subject of the certificate the server presented, as s_client prints it (<c>CN = chat-one</c>).</summary>
    public static async Task<string> PeerSubjectAsync(int port, string caPath)
    {
        using Process process = Process.Start(StartInfo(port, caPath))!;
        process.StandardInput.Close(); // s_client ends after the handshake
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = await process.StandardOutput.ReadToEndAsync().WaitAsync(HostProcess.Timeout);
        await process.WaitForExitAsync().WaitAsync(HostProcess.Timeout);
        Match subject = SubjectLine().Match(output);
        Assert.True(subject.Success, $"s_client printed no subject; stderr: {await error}");
        return subject.Groups["subject"].Value.Trim();
    }

    public async Task SendLineAsync(string line)
    {
        await _process.StandardInput.WriteAsync(line + "\n");
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits until the server's next bytes contain <paramref name="text"/>, and reads past it.</summary>
    public async Task ExpectAsync(string text)
    {
        using var deadline = new CancellationTokenSource(HostProcess.Timeout);
        while (true)
        {
            Task more;
            lock (_received)
            {
                int at = _received.ToString(_read, _received.Length - _read).IndexOf(text, StringComparison.Ordinal);
                if (at >= 0)
                {
                    _read += at + text.Length;
                    return;
                }
                Assert.False(_ended, $"s_client ended before '{text}'; it got '{_received}'");
                more = _more.Task;
            }
            await more.WaitAsync(deadline.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        await _process.WaitForExitAsync().WaitAsync(HostProcess.Timeout);
        await _reading.WaitAsync(HostProcess.Timeout);
        _process.Dispose();
    }

    private async Task ReadAsync()
    {
        char[] buffer = new char[4096];
        int read;
        while ((read = await _process.StandardOutput.ReadAsync(buffer)) > 0)
        {
            Signal(buffer.AsSpan(0, read), ended: false);
        }
        Signal([], ended: true);
    }

    private void Signal(ReadOnlySpan<char> text, bool ended)
    {
        TaskCompletionSource waiting;
        lock (_received)
        {
            _received.Append(text);
            _ended = ended;
            waiting = _more;
            _more = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        waiting.SetResult();
    }

    private static ProcessStartInfo StartInfo(int port, string caPath, params string[] more)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])["s_client", "-connect", $"127.0.0.1:{port}", "-CAfile", caPath, "-verify_return_error", .. more])
        {
            start.ArgumentList.Add(argument);
        }
        return start;
    }

    [GeneratedRegex(@"^subject=(?<subject>.+)$", RegexOptions.Multiline)]
    private static partial Regex SubjectLine();
}
