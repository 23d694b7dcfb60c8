using System.Globalization;

namespace FlowForge.Build.Benchmarks;

/// <summary>One timed build of the benchmark: one line of the script's results file.</summary>
/// <param name="Mode">Compiler server mode, "off" or "on".</param>
/// <param name="Scenario">Scenario id (noop, noop-nobinlog, touch, branch, branch-props, edit), in the order the script ran them.</param>
/// <param name="Repetition">1-based repetition number.</param>
/// <param name="Variant">"plain" or "flowforge".</param>
/// <param name="Seconds">Wall time of `dotnet build`.</param>
/// <param name="Binlog">The build's binlog, or <see cref="NoBinlog"/> for a build run without one.</param>
/// <param name="Downloaded">Optional 7th column: what the build downloaded from the remote cache, "bytes/requests".</param>
/// <param name="CpuSeconds">Optional 8th column: the machine's busy CPU time (all cores, every process) while the build
/// ran, in seconds. Against the wall time it tells whether a slower build did more work or waited more.</param>
public sealed record BenchmarkRun(string Mode, string Scenario, int Repetition, string Variant, double Seconds, string Binlog,
    string? Downloaded = null, double? CpuSeconds = null)
{
    public const string NoBinlog = "-";

    public static IReadOnlyList<BenchmarkRun> ReadAll(string file)
    {
        var runs = new List<BenchmarkRun>();
        foreach (var (line, number) in File.ReadLines(file).Select((l, i) => (l, i + 1)))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var f = line.Split('\t');
            double cpu = 0;
            if (f.Length is not (6 or 7 or 8)
                || !int.TryParse(f[2], CultureInfo.InvariantCulture, out var repetition)
                || !double.TryParse(f[4], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                || (f.Length == 8 && f[7].Length > 0 && !double.TryParse(f[7], NumberStyles.Float, CultureInfo.InvariantCulture, out cpu)))
                throw new FormatException($"{file}({number}): expected mode, scenario, repetition, variant, seconds, binlog (and optionally downloaded bytes/requests and busy CPU seconds) separated by tabs: {line}");
            runs.Add(new BenchmarkRun(f[0], f[1], repetition, f[3], seconds, f[5], f.Length >= 7 && f[6].Length > 0 ? f[6] : null,
                f.Length == 8 && f[7].Length > 0 ? cpu : null));
        }
        return runs;
    }
}
