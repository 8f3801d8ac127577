using System.Text;
using Chat.Core;
using Chat.Tests.Support;

namespace Chat.Tests.Login;

/// <summary>
/// PROTOCOL.md §1: the 5th failed name (invalid or taken) gets its error and then
/// <c>Too many attempts. Goodbye!</c>, and the connection closes; an empty line is no attempt.
/// </summary>
public sealed class NameAttemptsTests
{
    private const string InvalidName = "Invalid name. Use 1-20 letters, digits, '_' or '-'.";
    private const string NameTaken = "Name already taken.";

    [Fact]
    public async Task TheFifthInvalidNameEndsTheConnection()
    {
        await using var server = new TestServer();
        TestClient client = server.Connect();
        await client.ReadExactAsync("Welcome! Enter your name: ");
        for (int attempt = 1; attempt <= 4; attempt++)
        {
            await client.SendLineAsync("bad name");
            await client.ExpectLineAsync(InvalidName);
            await client.ReadExactAsync("Enter your name: ");
        }

        await client.SendLineAsync("bad name");

        await client.ExpectLinesAsync(InvalidName, "Too many attempts. Goodbye!");
        Assert.Equal(DisconnectReason.TooManyAttempts, await client.ExpectClosedAsync());
    }

    [Fact]
    public async Task TakenNamesCountAsAttemptsToo()
    {
        await using var server = new TestServer();
        await server.LoginAsync("alice");
        TestClient client = server.Connect();
        await client.ReadExactAsync("Welcome! Enter your name: ");
        string[] attempts = ["alice", "bad!", "ALICE", "bad!"];
        foreach (string attempt in attempts)
        {
            await client.SendLineAsync(attempt);
            await client.ExpectLineAsync(attempt.StartsWith("bad") ? InvalidName : NameTaken);
            await client.ReadExactAsync("Enter your name: ");
        }

        await client.SendLineAsync("Alice");

        await client.ExpectLinesAsync(NameTaken, "Too many attempts. Goodbye!");
        Assert.Equal(DisconnectReason.TooManyAttempts, await client.ExpectClosedAsync());
    }

    [Fact]
    public async Task OverLongLinesCountAsAttempts()
    {
        await using var server = new TestServer();
        TestClient client = server.Connect();
        await client.ReadExactAsync("Welcome! Enter your name: ");
        byte[] overLong = Encoding.UTF8.GetBytes(new string('a', 5000) + "\n");
        for (int attempt = 1; attempt <= 4; attempt++)
        {
            await client.SendRawAsync(overLong);
            await client.ExpectLineAsync(InvalidName);
            await client.ReadExactAsync("Enter your name: ");
        }

        await client.SendRawAsync(overLong);

        await client.ExpectLinesAsync(InvalidName, "Too many attempts. Goodbye!");
        Assert.Equal(DisconnectReason.TooManyAttempts, await client.ExpectClosedAsync());
    }

    [Fact]
    public async Task AnEmptyLineGetsItsReasonAndThePromptAndIsNoAttempt()
    {
        await using var server = new TestServer();
        TestClient client = server.Connect();
        await client.ReadExactAsync("Welcome! Enter your name: ");
        for (int attempt = 1; attempt <= 4; attempt++)
        {
            await client.SendLineAsync("bad name");
            await client.ExpectLineAsync(InvalidName);
            await client.ReadExactAsync("Enter your name: ");
        }

        // Empty once cleaned: nothing, whitespace, a control character, a telnet command.
        foreach (string empty in new[] { "", "   ", "\t", "\u0007", "\r", "\u00FF\u00F1" })
        {
            await client.SendRawAsync(Encoding.Latin1.GetBytes(empty + "\n"));
            await client.ExpectLineAsync("Name cannot be empty.");
            await client.ReadExactAsync("Enter your name: ");
        }

        await client.LoginAsyncAfterPrompt("alice");
    }

    [Fact]
    public async Task AValidNameAfterFourFailuresLogsIn()
    {
        await using var server = new TestServer();
        TestClient client = server.Connect();
        await client.ReadExactAsync("Welcome! Enter your name: ");
        for (int attempt = 1; attempt <= 4; attempt++)
        {
            await client.SendLineAsync("!");
            await client.ExpectLineAsync(InvalidName);
            await client.ReadExactAsync("Enter your name: ");
        }

        await client.LoginAsyncAfterPrompt("alice");
    }
}
