using System.Diagnostics;

namespace Chat.Tests.Client;

/// <summary>A test that needs tmux; skipped, not failed, where tmux is not installed (CI installs it).</summary>
public sealed class TmuxFactAttribute : FactAttribute
{
    public TmuxFactAttribute()
    {
        if (!Tmux.IsInstalled)
        {
            Skip = "tmux is not installed (apt-get install -y tmux)";
        }
    }
}

/// <summary>
/// A private tmux server (its own socket, so it never meets anyone's sessions) for driving
/// programs in a real terminal: type with <see cref="SendKeysAsync"/>, read the screen with
/// <see cref="CaptureAsync"/>, wait for it with <see cref="WaitForScreenAsync"/>.
/// </summary>
internal sealed class Tmux : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);
    private readonly string _socket = "chat-client-test-" + Guid.NewGuid().ToString("N")[..12];

    public static bool IsInstalled => IsOnPath("tmux");

    /// <summary>True when <paramref name="program"/> is found on PATH.</summary>
    public static bool IsOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));

    /// <summary>
    /// A detached session of <paramref name="width"/> x <paramref name="height"/> running
    /// <paramref name="command"/>, which prints <c>[exit N]</c> when the command ends and
    /// stays on screen.
    /// </summary>
    /// <remarks>
    /// The exit status is read off the screen because tmux 3.3 sometimes leaves a program
    /// it runs directly unreaped (a zombie, <c>#{pane_dead_status}</c> empty for good); a
    /// shell in between reaps it reliably.
    /// </remarks>
    public async Task NewSessionAsync(string name, int width, int height, string command)
    {
        await RunAsync("new-session", "-d", "-s", name, "-x", width.ToString(), "-y", height.ToString(), command + "; echo \"[exit $?]\"");
        await RunAsync("set-option", "-t", name, "remain-on-exit", "on");
    }

    /// <summary>Types <paramref name="text"/> literally.</summary>
    public Task SendTextAsync(string target, string text) => RunAsync("send-keys", "-t", target, "-l", text);

    /// <summary>Presses keys by tmux name: Enter, Left, Up, C-c, ...</summary>
    public Task SendKeysAsync(string target, params string[] keys) => RunAsync(["send-keys", "-t", target, .. keys]);

    /// <summary>The visible screen as text, one string per row, trailing blanks trimmed.</summary>
    public async Task<string[]> CaptureAsync(string target)
    {
        string screen = await RunAsync("capture-pane", "-p", "-t", target);
        return screen.TrimEnd('\n').Split('\n').Select(row => row.TrimEnd()).ToArray();
    }

    /// <summary>Cursor column and row in the pane.</summary>
    public async Task<(int X, int Y)> CursorAsync(string target)
    {
        string[] xy = (await RunAsync("display-message", "-p", "-t", target, "#{cursor_x} #{cursor_y}")).Trim().Split(' ');
        return (int.Parse(xy[0]), int.Parse(xy[1]));
    }

    /// <summary>Polls the screen until <paramref name="done"/> holds; fails with the last screen at the deadline.</summary>
    public async Task<string[]> WaitForScreenAsync(string target, Func<string[], bool> done, string what)
    {
        DateTime deadline = DateTime.UtcNow + ClientProcess.Timeout;
        while (true)
        {
            string[] screen = await CaptureAsync(target);
            if (done(screen))
            {
                return screen;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{target}: never saw {what}. Screen:\n{string.Join('\n', screen)}");
            }
            await Task.Delay(100); // polling a screen: there is no event to wait on
        }
    }

    /// <summary>Polls until the pane's program has exited; returns its exit status.</summary>
    public async Task<int> WaitForExitAsync(string target)
    {
        string[] screen = await WaitForScreenAsync(target, s => s.Any(IsExitLine), "the program exit");
        string exit = screen.First(IsExitLine);
        return int.Parse(exit["[exit ".Length..^1]);
    }

    private static bool IsExitLine(string row) => row.StartsWith("[exit ", StringComparison.Ordinal) && row.EndsWith(']');

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("kill-server");
        }
        catch (InvalidOperationException)
        {
            // No server was started.
        }
    }

    private async Task<string> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("tmux")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // -u: UTF-8 whatever the locale says; -f /dev/null: no user configuration.
        foreach (string arg in (string[])["-u", "-f", "/dev/null", "-L", _socket, .. args])
        {
            start.ArgumentList.Add(arg);
        }
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(CommandTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill();
            throw;
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', args)}: {await error}");
        }
        return await output;
    }
}
