using System.Globalization;
using System.Text;

namespace FlowForge.Build.Benchmarks;

/// <summary>
/// The benchmark's Markdown table: per compiler-server mode and scenario, median wall times of plain `dotnet build`
/// and of FlowForge, the ratio, the CoreCompile runs of each, and whether the issue's target is met.
/// </summary>
public static class ResultsTable
{
    private sealed record Scenario(string Id, string Title, Func<double, double, string>? Target);

    // Targets of issue 3: touch-all and branch round trip at least 8x faster; no-op overhead at most 5%.
    private static readonly Scenario[] Scenarios =
    [
        new("noop", "no-op build", NoOpTarget),
        new("noop-nobinlog", "no-op build, no binlog", NoOpTarget),
        new("touch", "touch every file", (plain, ff) => plain / ff >= 8 ? "≥ 8×: met" : "≥ 8×: **missed**"),
        new("branch", "git checkout feature, back to main", (plain, ff) => plain / ff >= 8 ? "≥ 8×: met" : "≥ 8×: **missed**"),
        new("edit", "one method body edited (bottom layer)", null),
    ];

    private static string NoOpTarget(double plain, double flowForge) =>
        Overhead(plain, flowForge) <= 5 ? "overhead ≤ 5%: met" : "overhead ≤ 5%: **missed**";

    public static string Render(IReadOnlyList<BenchmarkRun> runs, Func<string, int> compiledIn)
    {
        var text = new StringBuilder();
        text.AppendLine("| compiler server | scenario | plain `dotnet build` | with FlowForge | FlowForge vs plain | CoreCompile runs (plain / FlowForge) | target |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---|");
        foreach (var mode in runs.Select(r => r.Mode).Distinct())
        {
            foreach (var scenario in Scenarios)
            {
                var plain = runs.Where(r => r.Mode == mode && r.Scenario == scenario.Id && r.Variant == "plain").ToList();
                var ff = runs.Where(r => r.Mode == mode && r.Scenario == scenario.Id && r.Variant == "flowforge").ToList();
                if (plain.Count == 0 || ff.Count == 0) continue;
                double p = Median(plain.Select(r => r.Seconds)), f = Median(ff.Select(r => r.Seconds));
                var ratio = scenario.Id.StartsWith("noop", StringComparison.Ordinal)
                    ? string.Create(CultureInfo.InvariantCulture, $"{Overhead(p, f):+0.0;-0.0;0.0}% overhead")
                    : p >= f ? string.Create(CultureInfo.InvariantCulture, $"{p / f:0.0}× faster")
                    : string.Create(CultureInfo.InvariantCulture, $"{f / p:0.0}× slower");
                text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {ModeLabel(mode)} | {scenario.Title} | {p:0.00} s | {f:0.00} s | {ratio} | {Counts(plain, compiledIn)} / {Counts(ff, compiledIn)} | {scenario.Target?.Invoke(p, f) ?? "—"} |"));
            }
        }
        return text.ToString();
    }

    /// <summary>The script's mode ids as the table shows them; "reuse" is the compiler server on and MSBuild node reuse on.</summary>
    public static string ModeLabel(string mode) => mode == "reuse" ? "on + node reuse" : mode;

    public static double Overhead(double plain, double flowForge) => (flowForge - plain) / plain * 100;

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) throw new ArgumentException("No values.", nameof(values));
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The compile count of the repetitions: one number when they agree, else "min–max"; "—" for builds run
    /// without a binlog (<see cref="BenchmarkRun.NoBinlog"/>).</summary>
    private static string Counts(IEnumerable<BenchmarkRun> runs, Func<string, int> compiledIn)
    {
        var counts = runs.Where(r => r.Binlog != BenchmarkRun.NoBinlog).Select(r => compiledIn(r.Binlog)).ToList();
        if (counts.Count == 0) return "—";
        return counts.Min() == counts.Max() ? counts[0].ToString(CultureInfo.InvariantCulture) : $"{counts.Min()}–{counts.Max()}";
    }
}
