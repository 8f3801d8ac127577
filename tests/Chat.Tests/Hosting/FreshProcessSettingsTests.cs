using System.Text.Json;

namespace Chat.Tests.Hosting;

/// <summary>
/// The runtime settings the host ships with, read from the runtimeconfig.json that
/// <c>dotnet run</c>, the build output and a publish all start with (the host process the
/// end-to-end tests run uses this very file).
/// </summary>
public class FreshProcessSettingsTests
{
    /// <summary>
    /// With tiered compilation a freshly started server ran its first million deliveries at
    /// half its warm speed; compiled fully on first call it runs them at warm speed
    /// (benchmarks/README.md, "Fresh process").
    /// </summary>
    [Fact]
    public void The_host_compiles_each_method_fully_on_its_first_call()
    {
        using JsonDocument config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Chat.Host.runtimeconfig.json")));

        JsonElement properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.TryGetProperty("System.Runtime.TieredCompilation", out JsonElement tiered), "TieredCompilation is not set");
        Assert.Equal(JsonValueKind.False, tiered.ValueKind);
    }
}
