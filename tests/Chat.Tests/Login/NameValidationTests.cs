using System.Text;
using Chat.Tests.Support;

namespace Chat.Tests.Login;

/// <summary>
/// PROTOCOL.md §1: a name is normalised to NFC, then must be 1–20 runes, each a Unicode
/// letter (L*), a decimal digit (Nd), '_' or '-'; it keeps its owner's spelling.
/// </summary>
public sealed class NameValidationTests
{
    private const string InvalidName = "Invalid name. Use 1-20 letters, digits, '_' or '-'.";

    [Theory]
    [InlineData("alice")]
    [InlineData("Bob_2")]
    [InlineData("x")]                     // 1 rune
    [InlineData("_")]
    [InlineData("-")]
    [InlineData("a-b_c")]
    [InlineData("0123456789")]
    [InlineData("abcdefghijklmnopqrst")]  // 20 runes
    [InlineData("Ωμέγα")]                 // Greek
    [InlineData("Дмитрий")]               // Cyrillic
    [InlineData("名前")]                   // Han, Lo
    [InlineData("مرحبا")]                 // Arabic, Lo
    [InlineData("٣٤٥")]                   // Arabic-Indic digits, Nd
    [InlineData("ǅemal")]                 // titlecase letter, Lt
    [InlineData("ʰa")]                    // modifier letter, Lm
    public async Task ValidNamesAreAccepted(string name)
    {
        await using var server = new TestServer();

        await server.LoginAsync(name);
    }

    [Fact]
    public async Task TwentyRunesCountAsTwentyEvenWhenEachTakesTwoUtf16Units()
    {
        await using var server = new TestServer();
        string name = string.Concat(Enumerable.Repeat("𝒜", 20)); // U+1D49C, an uppercase letter

        await server.LoginAsync(name);
    }

    [Theory]
    [InlineData("abcdefghijklmnopqrstu")]  // 21 runes
    [InlineData("al ice")]
    [InlineData("alice!")]
    [InlineData("a.b")]
    [InlineData("@bob")]
    [InlineData("/nick")]
    [InlineData("tab\tname")]
    [InlineData("😀")]                    // a symbol, So
    [InlineData("x²")]                    // a digit, but not a decimal one (No)
    [InlineData("Ⅻ")]                     // a letter-like number (Nl)
    [InlineData("x\u0301")]               // x with a combining acute has no composed form: a mark, Mn
    [InlineData("a\u200Db")]              // zero width joiner, Cf
    public async Task InvalidNamesAreRefusedAndThePromptComesBack(string name)
    {
        await using var server = new TestServer();
        TestClient client = server.Connect();
        await client.ReadExactAsync("Welcome! Enter your name: ");

        await client.SendLineAsync(name);

        await client.ExpectLineAsync(InvalidName);
        await client.ReadExactAsync("Enter your name: ");
        await client.LoginAsyncAfterPrompt("alice");
    }

    [Fact]
    public async Task ANameIsNormalisedToNfc()
    {
        await using var server = new TestServer();
        TestClient client = server.Connect();
        await client.ReadExactAsync("Welcome! Enter your name: ");

        await client.SendLineAsync("Jose\u0301");

        await client.ExpectLineAsync("Hello, Jos\u00E9! You can start chatting. Type /help for commands.");
    }

    [Fact]
    public async Task RunesAreCountedAfterNfc()
    {
        await using var server = new TestServer();
        TestClient client = server.Connect();
        await client.ReadExactAsync("Welcome! Enter your name: ");

        // 21 composed runes (42 code points typed) are too many; 20 (40 typed) are fine.
        await client.SendLineAsync(string.Concat(Enumerable.Repeat("e\u0301", 21)));
        await client.ExpectLineAsync(InvalidName);
        await client.ReadExactAsync("Enter your name: ");
        await client.SendLineAsync(string.Concat(Enumerable.Repeat("e\u0301", 20)));

        await client.ExpectLineAsync($"Hello, {new string('\u00E9', 20)}! You can start chatting. Type /help for commands.");
    }

    [Fact]
    public async Task ANameKeepsTheSpellingItsOwnerTyped()
    {
        await using var server = new TestServer();
        TestClient client = await server.LoginAsync("AlIcE");

        await client.SendLineAsync("/list");

        await client.ExpectLineAsync("Online users: AlIcE (lobby)");
    }

    [Fact]
    public async Task SurroundingWhitespaceIsNotPartOfTheName()
    {
        await using var server = new TestServer();
        TestClient client = server.Connect();
        await client.ReadExactAsync("Welcome! Enter your name: ");

        await client.SendLineAsync(" \talice\u00A0 ");

        await client.ExpectLineAsync("Hello, alice! You can start chatting. Type /help for commands.");
    }

    [Fact]
    public async Task ALineOverMaxLineBytesAtThePromptIsAnInvalidName()
    {
        await using var server = new TestServer();
        TestClient client = server.Connect();
        await client.ReadExactAsync("Welcome! Enter your name: ");

        await client.SendRawAsync(Encoding.UTF8.GetBytes(new string('a', 4097) + "\n"));

        await client.ExpectLineAsync(InvalidName);
        await client.ReadExactAsync("Enter your name: ");
        await client.LoginAsyncAfterPrompt("alice");
    }
}
