namespace Chat.Tests.Support;

/// <summary>The checkout the tests were built from, for tests that read its files or build its projects.</summary>
internal static class Repository
{
    /// <summary>The folder holding Chat.sln, found above the test's build output.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "Chat.sln")))
            {
                return dir;
            }
        }
        throw new InvalidOperationException($"No Chat.sln above {AppContext.BaseDirectory}.");
    }
}
