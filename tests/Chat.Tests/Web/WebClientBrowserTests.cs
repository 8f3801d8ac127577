using Chat.Tests.EndToEnd;
using Chat.Tests.Support;
using Microsoft.Playwright;

namespace Chat.Tests.Web;

/// <summary>A test that needs Debian's chromium; skipped, not failed, where it is missing (CI installs it).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Path = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Path))
        {
            Skip = "chromium is not installed (apt-get install -y chromium)";
        }
    }
}

/// <summary>The web client in a real browser (Playwright driving Debian's chromium) beside a TCP user.</summary>
public sealed class WebClientBrowserTests
{
    private static readonly float Wait = (float)TimeSpan.FromSeconds(10).TotalMilliseconds;

    [ChromiumFact]
    public async Task Two_pages_and_a_telnet_user_talk_and_markup_is_shown_as_text()
    {
        await using WebDoorHost host = await WebDoorHost.StartAsync();
        using IPlaywright playwright = await Playwright.CreateAsync().DefaultTimeout();
        await using IBrowser browser = await LaunchAsync(playwright);
        IPage alice = await OpenAsync(browser, host, "alice", width: 900);
        IPage carol = await OpenAsync(browser, host, "carol", width: 390); // a phone's width
        await using TcpChatClient bob = await TcpChatClient.LoginAsync(host.LinePort, "bob");
        await Expect(alice, "*** bob joined lobby ***");

        await alice.Keyboard.TypeAsync("hello from the web");
        await alice.Keyboard.PressAsync("Enter");
        Assert.EndsWith("[lobby] alice: hello from the web", await bob.ReadLineAsync());
        await Expect(carol, "hello from the web");
        await Expect(alice, "alice: hello from the web"); // shown as sent: the server echoes nothing to its sender
        Assert.False(await alice.Locator("#name").IsVisibleAsync());

        const string hostile = "<img src=x onerror=\"document.title='pwned'\"><b>bold</b>";
        await bob.SendLineAsync(hostile);
        await Expect(alice, hostile);
        await Expect(carol, hostile);
        Assert.Equal(0, await alice.Locator("#log img, #log b").CountAsync());
        Assert.NotEqual("pwned", await alice.TitleAsync());

        await carol.Keyboard.TypeAsync("/me waves");
        await carol.Keyboard.PressAsync("Enter");
        Assert.EndsWith("[lobby] * carol waves", await bob.ReadLineAsync());
        await Expect(alice, "carol waves");
        await Expect(alice, "carol", "#members");
        // Beside the tests, not in the repository, which would change on every run;
        // docs/web-client.png is a copy of one.
        string shot = Path.Combine(AppContext.BaseDirectory, "web-client.png");
        await alice.ScreenshotAsync(new PageScreenshotOptions { Path = shot, Timeout = Wait });

        // History after a reload: the page logs in again and the lobby replays what was said.
        await carol.ReloadAsync(new PageReloadOptions { Timeout = Wait });
        await LoginAsync(carol, "carol");
        await Expect(carol, "=== Recent messages ===");
        await Expect(carol, "hello from the web");
    }

    [ChromiumFact]
    public async Task The_page_reconnects_after_a_restart_and_logs_in_again()
    {
        int webPort = PortOutsideTheEphemeralRange();
        WebDoorHost first = await WebDoorHost.StartAsync($"--Chat:WebPort={webPort}");
        using IPlaywright playwright = await Playwright.CreateAsync().DefaultTimeout();
        await using IBrowser browser = await LaunchAsync(playwright);
        IPage alice = await OpenAsync(browser, first, "alice", width: 900);
        await first.DisposeAsync();
        await Expect(alice, "*** Server is shutting down ***");
        await Expect(alice, "reconnecting", "#state");

        await using WebDoorHost second = await WebDoorHost.StartAsync($"--Chat:WebPort={webPort}");
        await Expect(alice, "connected", "#state");
        await using TcpChatClient bob = await TcpChatClient.LoginAsync(second.LinePort, "bob");
        await Expect(alice, "*** bob joined lobby ***"); // alice is back in the lobby under her name
        await alice.Keyboard.TypeAsync("back again");
        await alice.Keyboard.PressAsync("Enter");
        Assert.EndsWith("[lobby] alice: back again", await bob.ReadLineAsync());
    }

    /// <summary>
    /// A free port below Linux's ephemeral range (32768 up): one picked with port 0 may be
    /// taken, between the two hosts, as the local port of another test's client connection.
    /// </summary>
    private static int PortOutsideTheEphemeralRange()
    {
        for (int attempt = 0; ; attempt++)
        {
            int port = Random.Shared.Next(20_000, 32_000);
            try
            {
                using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (System.Net.Sockets.SocketException) when (attempt < 50)
            {
            }
        }
    }

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ChromiumFactAttribute.Path,
        Headless = true,
        Args = ["--no-sandbox"], // tests run as root
        Timeout = Wait,
    });

    private static async Task<IPage> OpenAsync(IBrowser browser, WebDoorHost host, string name, int width)
    {
        IPage page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = 600 } });
        page.SetDefaultTimeout(Wait);
        await page.GotoAsync(host.Web.ToString());
        await LoginAsync(page, name);
        return page;
    }

    /// <summary>Keyboard only: the page opens with focus in the name field; Enter, and focus moves to the message field.</summary>
    private static async Task LoginAsync(IPage page, string name)
    {
        await Expect(page, "connected", "#state");
        Assert.Equal("name", await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.Keyboard.TypeAsync(name);
        await page.Keyboard.PressAsync("Enter");
        // A locator, not WaitForFunction: that polls with eval, which the page's CSP forbids.
        await page.Locator("#text:focus").WaitForAsync();
    }

    private static Task Expect(IPage page, string text, string where = "#log") =>
        page.Locator(where).GetByText(text, new LocatorGetByTextOptions { Exact = false }).First.WaitForAsync();
}
