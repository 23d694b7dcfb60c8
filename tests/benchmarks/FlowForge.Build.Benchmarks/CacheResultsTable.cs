using System.Globalization;
using System.Text;

namespace FlowForge.Build.Benchmarks;

/// <summary>
/// The build cache benchmark's Markdown table: per compiler-server mode, the median wall time of a fresh clone's build
/// with plain `dotnet build` and with FlowForge (empty caches, warm local cache, warm remote only), the ratio to plain,
/// the CoreCompile runs, what the remote build downloaded, the machine's busy CPU time during the build (when the
/// results have it: on a saturated machine a build that does more work is slower by about its extra CPU time over the
/// core count, so the column separates "did more work" from "waited more"), and whether the issues' targets are met.
/// </summary>
public static class CacheResultsTable
{
    private sealed record Variant(string Id, string Title, double? Target);

    // Targets: issue 4, a fresh clone with a warm cache at least 4x faster than plain; issue 5, a remote-hit build of a
    // fresh clone with an empty local cache at least 3x faster.
    private static readonly Variant[] Variants =
    [
        new("plain", "plain `dotnet build`", null),
        new("cold", "FlowForge, empty caches (compiles, stores, uploads)", null),
        new("local", "FlowForge, warm local cache", 4),
        new("remote", "FlowForge, empty local cache, warm remote", 3),
    ];

    public static string Render(IReadOnlyList<BenchmarkRun> runs, Func<string, int> compiledIn)
    {
        var text = new StringBuilder();
        bool cpu = runs.Any(r => r.CpuSeconds is not null);
        text.AppendLine("| compiler server | fresh clone, then | median | vs plain | CoreCompile runs | downloaded (median) |"
            + (cpu ? " busy CPU (median) |" : "") + " target |");
        text.AppendLine("|---|---|---:|---:|---:|---:|" + (cpu ? "---:|" : "") + "---|");
        foreach (var mode in runs.Select(r => r.Mode).Distinct())
        {
            var plainRuns = runs.Where(r => r.Mode == mode && r.Variant == "plain").ToList();
            double? plain = plainRuns.Count > 0 ? ResultsTable.Median(plainRuns.Select(r => r.Seconds)) : null;
            foreach (var variant in Variants)
            {
                var these = runs.Where(r => r.Mode == mode && r.Variant == variant.Id).ToList();
                if (these.Count == 0) continue;
                double median = ResultsTable.Median(these.Select(r => r.Seconds));
                string ratio = variant.Id == "plain" || plain is null ? "—"
                    : plain >= median ? Invariant($"{plain / median:0.0}× faster") : Invariant($"{median / plain:0.00}× slower");
                string target = variant.Target is not { } t || plain is null ? "—"
                    : plain / median >= t ? Invariant($"≥ {t:0}×: met") : Invariant($"≥ {t:0}×: **missed**");
                text.AppendLine(Invariant(
                    $"| {mode} | {variant.Title} | {median:0.00} s | {ratio} | {Counts(these, compiledIn)} | {Downloaded(these)} |")
                    + (cpu ? " " + BusyCpu(these, plainRuns) + " |" : "") + Invariant($" {target} |"));
            }
        }
        return text.ToString();
    }

    /// <summary>"4.2 MB in 95 requests" from the runs' "bytes/requests" column (medians), or "—".</summary>
    internal static string Downloaded(IEnumerable<BenchmarkRun> runs)
    {
        var parsed = runs.Select(r => r.Downloaded?.Split('/')).Where(p => p is { Length: 2 })
            .Select(p => (Bytes: double.Parse(p![0], CultureInfo.InvariantCulture), Requests: double.Parse(p[1], CultureInfo.InvariantCulture)))
            .ToList();
        if (parsed.Count == 0) return "—";
        double bytes = ResultsTable.Median(parsed.Select(p => p.Bytes)), requests = ResultsTable.Median(parsed.Select(p => p.Requests));
        return Invariant($"{bytes / 1e6:0.00} MB in {requests:0} requests");
    }

    /// <summary>"41.2 s (+3.1 s)": the median busy CPU time of the runs and, beside it, the difference to plain's median;
    /// "—" when the runs have none.</summary>
    internal static string BusyCpu(IReadOnlyCollection<BenchmarkRun> runs, IReadOnlyCollection<BenchmarkRun> plainRuns)
    {
        var these = runs.Where(r => r.CpuSeconds is not null).Select(r => r.CpuSeconds!.Value).ToList();
        if (these.Count == 0) return "—";
        double median = ResultsTable.Median(these);
        var plain = plainRuns.Where(r => r.CpuSeconds is not null).Select(r => r.CpuSeconds!.Value).ToList();
        if (plain.Count == 0 || runs.All(r => r.Variant == "plain")) return Invariant($"{median:0.0} s");
        return Invariant($"{median:0.0} s ({median - ResultsTable.Median(plain):+0.0;-0.0} s)");
    }

    private static string Counts(IEnumerable<BenchmarkRun> runs, Func<string, int> compiledIn)
    {
        var counts = runs.Select(r => compiledIn(r.Binlog)).ToList();
        return counts.Min() == counts.Max() ? counts[0].ToString(CultureInfo.InvariantCulture) : $"{counts.Min()}–{counts.Max()}";
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
