using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace Chat.Benchmarks;

public static class Program
{
    /// <summary>
    /// Runs the benchmarks BenchmarkDotNet's command line selects. Without a job on the command
    /// line it runs the short job (1 launch, 3 warm-up and 3 measured iterations), so the whole
    /// suite finishes in minutes on a 2-core machine; ask for more with <c>--job default</c>.
    /// </summary>
    public static void Main(string[] args)
    {
        string[] arguments = args.Any(IsJobOption) ? args : [.. args, "--job", "short"];
        // The benchmark project is rebuilt for the run; on a busy 2-core machine that can take
        // longer than BenchmarkDotNet's default two minutes.
        IConfig config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(arguments, config);
    }

    private static bool IsJobOption(string argument) =>
        argument is "-j" or "--job" || argument.StartsWith("--job=", StringComparison.Ordinal);
}
