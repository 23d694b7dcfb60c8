namespace FlowForge.Build.Benchmarks;

/// <summary>
/// FlowForge's no-op overhead pooled over every mode of one or more benchmark runs, with a 95% confidence interval
/// for its median. One row of the table rests on 15 pairs whose overheads spread over 17–38 points (lowest to
/// highest) on a shared 2-core machine, so a row's median moves by several points between runs: more than the 5%
/// target it is judged against. The package's cost in a no-op build does not depend on the compiler server (a no-op
/// compiles nothing), so pooling the modes' pairs gives one estimate that a reader can trust, with an interval that
/// says how far.
/// </summary>
public static class NoOpOverheadSummary
{
    /// <summary>Median and 95% interval of the pairs' overheads in percent; <c>Low</c>/<c>High</c> are null when there
    /// are too few pairs for a 95% interval (fewer than 6).</summary>
    public sealed record Estimate(int Pairs, double Median, double? Low, double? High);

    /// <summary>The pooled estimate for one no-op scenario ("noop" or "noop-nobinlog"): every mode's pairs together,
    /// each run's pairs matched within its own mode and repetition.</summary>
    public static Estimate? Pool(IEnumerable<IReadOnlyList<BenchmarkRun>> results, string scenario)
    {
        var overheads = new List<double>();
        foreach (var runs in results)
        {
            foreach (var mode in runs.Select(r => r.Mode).Distinct())
            {
                var ofMode = runs.Where(r => r.Mode == mode && r.Scenario == scenario).ToList();
                overheads.AddRange(ResultsTable.PairedOverheads(
                    ofMode.Where(r => r.Variant == "plain"), ofMode.Where(r => r.Variant == "flowforge")));
            }
        }
        if (overheads.Count == 0) return null;
        var sorted = overheads.Order().ToArray();
        var median = ResultsTable.Median(sorted);
        return MedianIntervalRank(sorted.Length) is { } k
            ? new Estimate(sorted.Length, median, sorted[k - 1], sorted[^k]) // x(k) and x(n+1-k)
            : new Estimate(sorted.Length, median, null, null);
    }

    /// <summary>
    /// The distribution-free 95% confidence interval for a median: with n values sorted, [x(k), x(n+1-k)] (1-based)
    /// holds the true median with probability 1 - 2 P(B ≤ k-1), B ~ Binomial(n, 1/2) (each value falls below the
    /// median with probability 1/2, whatever the distribution). Returns the largest k whose interval holds it at least
    /// 95% of the time, or null when even [x(1), x(n)] holds it less often (n &lt; 6).
    /// </summary>
    public static int? MedianIntervalRank(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        // P(B = i) in logarithms: 2^-n underflows a double past n = 1074.
        double logTerm = -n * Math.Log(2), cumulative = 0;
        int? rank = null;
        for (int i = 0; i < n; i++)
        {
            cumulative += Math.Exp(logTerm);
            if (cumulative > 0.025) break;
            rank = i + 1; // P(B ≤ i) ≤ 2.5%: [x(i+1), x(n-i)] covers at least 95%
            logTerm += Math.Log((double)(n - i) / (i + 1));
        }
        return rank;
    }

    /// <summary>Two lines of Markdown, with <c>-bl</c> and without a binlog; a scenario without pairs is left out.</summary>
    public static string Render(IReadOnlyList<IReadOnlyList<BenchmarkRun>> results)
    {
        var lines = new List<string>();
        foreach (var (scenario, label) in new[] { ("noop", "with `-bl`"), ("noop-nobinlog", "without a binlog") })
        {
            if (Pool(results, scenario) is not { } estimate) continue;
            var interval = estimate.Low is { } low && estimate.High is { } high
                ? $"95% confidence interval of the median {ResultsTable.SignedPercent(low)} to {ResultsTable.SignedPercent(high)}"
                : "too few pairs for a 95% interval";
            lines.Add($"No-op overhead, all modes pooled, {label}: {ResultsTable.SignedPercent(estimate.Median)} " +
                $"({interval}; {estimate.Pairs} pair{(estimate.Pairs == 1 ? "" : "s")}).");
        }
        return lines.Count == 0 ? "" : string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }
}
