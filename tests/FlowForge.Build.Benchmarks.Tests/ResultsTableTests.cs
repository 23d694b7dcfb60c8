using FlowForge.Build.Benchmarks;

namespace FlowForge.Build.Benchmarks.Tests;

public sealed class ResultsTableTests
{
    private static BenchmarkRun Run(string scenario, int repetition, string variant, double seconds, string mode = "off") =>
        new(mode, scenario, repetition, variant, seconds, $"{mode}-{scenario}-{repetition}-{variant}.binlog");

    [Fact]
    public void PairsArePlainAndFlowForgeOfTheSameRepetitionWhateverOrderTheyWereWrittenIn()
    {
        // A slow stretch of the machine (repetition 2) slows both builds of its pair: each pair says +5%.
        var plain = new[] { Run("noop", 1, "plain", 2.0), Run("noop", 2, "plain", 4.0) };
        var flowForge = new[] { Run("noop", 2, "flowforge", 4.2), Run("noop", 1, "flowforge", 2.1) };

        var overheads = ResultsTable.PairedOverheads(plain, flowForge);

        Assert.Equal(2, overheads.Count);
        Assert.All(overheads, o => Assert.Equal(5.0, o, precision: 9));
    }

    [Fact]
    public void ARepetitionWithOnlyOneSideIsNoPair()
    {
        var overheads = ResultsTable.PairedOverheads([Run("noop", 1, "plain", 2.0)],
            [Run("noop", 1, "flowforge", 2.2), Run("noop", 2, "flowforge", 9.0)]);

        Assert.Equal(10.0, Assert.Single(overheads), precision: 9);
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.25, 1.75)]
    [InlineData(0.5, 2.5)]
    [InlineData(0.75, 3.25)]
    [InlineData(1.0, 4.0)]
    public void PercentilesInterpolateBetweenTheNearestValues(double p, double expected) =>
        Assert.Equal(expected, ResultsTable.Percentile([4.0, 1.0, 3.0, 2.0], p), precision: 9);

    [Fact]
    public void OneValueIsEveryPercentileAndNoValueIsAnError()
    {
        Assert.Equal(7.0, ResultsTable.Percentile([7.0], 0.25));
        Assert.Throws<ArgumentException>(() => ResultsTable.Percentile([], 0.5));
        Assert.Throws<ArgumentException>(() => ResultsTable.Median([]));
    }

    [Fact]
    public void TheNoOpRowShowsThePairedMedianWithTheMiddleHalfAndJudgesTheTargetByIt()
    {
        // Pairs: +2%, +4%, +6%, +20% → median +5.0% (met), middle half +3.5% to +9.5%. The medians of each side
        // alone (2.0 s vs 2.11 s, +5.5%) would say "missed": the row goes by the pairs.
        var runs = new List<BenchmarkRun>();
        double[] plain = [2.0, 2.0, 2.0, 1.5], overheadPercent = [2, 4, 6, 20];
        for (int i = 0; i < plain.Length; i++)
        {
            runs.Add(Run("noop", i + 1, "plain", plain[i]));
            runs.Add(Run("noop", i + 1, "flowforge", plain[i] * (1 + overheadPercent[i] / 100)));
        }

        var row = RowOf(ResultsTable.Render(runs, _ => 0), "no-op build");

        Assert.Contains("| +5.0% overhead (middle half of 4 pairs: +3.5% to +9.5%) |", row);
        Assert.EndsWith("| 0 / 0 | overhead ≤ 5%: met |", row);
    }

    [Fact]
    public void SpeedUpRowsCompareMediansAndCountCompilesFromTheBinlogs()
    {
        var runs = new List<BenchmarkRun>();
        for (int rep = 1; rep <= 3; rep++)
        {
            runs.Add(Run("touch", rep, "plain", 40.0 + rep));
            runs.Add(Run("touch", rep, "flowforge", 4.0 + rep / 10.0));
            runs.Add(Run("branch", rep, "plain", 9.0));
            runs.Add(Run("branch", rep, "flowforge", 3.0));
            runs.Add(Run("branch-props", rep, "plain", 36.0));
            runs.Add(Run("branch-props", rep, "flowforge", 3.0));
        }
        int Compiled(string binlog) =>
            !binlog.Contains("plain", StringComparison.Ordinal) ? 0
            : binlog.Contains("touch", StringComparison.Ordinal) || binlog.Contains("branch-props", StringComparison.Ordinal) ? 30 : 3;

        var table = ResultsTable.Render(runs, Compiled);

        // Neither plain's no-op build nor the floor was measured: no bounds.
        Assert.Equal("| off | touch every file | 42.00 s | 4.20 s | 10.0× faster | — / — | 30 / 0 | ≥ 8×: met |", RowOf(table, "touch every file"));
        Assert.Equal("| off | git checkout feature (3 C# files differ), back to main | 9.00 s | 3.00 s | 3.0× faster | — / — | 3 / 0 | ≥ 8×: **missed** |",
            RowOf(table, "git checkout feature"));
        Assert.Equal("| off | git checkout build-settings (Directory.Build.props differs), back to main | 36.00 s | 3.00 s | 12.0× faster | — / — | 30 / 0 | ≥ 8×: met |",
            RowOf(table, "git checkout build-settings"));
        Assert.DoesNotContain("no-op", table); // no no-op runs, no no-op row
        Assert.DoesNotContain("floor", table);
    }

    [Fact]
    public void SpeedUpRowsShowTheirBoundsAndTheFloorRowShowsWhatBoundsThem()
    {
        // Plain: no-op 3 s, floor 1.2 s (its median over 1.0, 1.2, 1.3), touch 36 s, branch 9 s.
        var runs = new List<BenchmarkRun>();
        for (int rep = 1; rep <= 3; rep++)
        {
            runs.Add(Run("noop", rep, "plain", 3.0, "on"));
            runs.Add(Run("noop", rep, "flowforge", 3.0, "on"));
            runs.Add(Run("floor", rep, "plain", rep switch { 1 => 1.0, 2 => 1.2, _ => 1.3 }, "on"));
            runs.Add(Run("touch", rep, "plain", 36.0, "on"));
            runs.Add(Run("touch", rep, "flowforge", 6.0, "on"));
            runs.Add(Run("branch", rep, "plain", 9.0, "on"));
            runs.Add(Run("branch", rep, "flowforge", 3.3, "on"));
        }

        var table = ResultsTable.Render(runs, binlog => binlog.Contains("touch-", StringComparison.Ordinal) && binlog.Contains("plain", StringComparison.Ordinal) ? 30 : 0);

        Assert.Equal("| on | touch every file | 36.00 s | 6.00 s | 6.0× faster | 12.0× / 30.0× | 30 / 0 | ≥ 8×: **missed** |",
            RowOf(table, "touch every file"));
        Assert.Equal("| on | git checkout feature (3 C# files differ), back to main | 9.00 s | 3.30 s | 2.7× faster | 3.0× / 7.5× | 0 / 0 | ≥ 8×: **missed**; no build can reach it here (at most 7.5×) |",
            RowOf(table, "git checkout feature"));
        Assert.Equal("| on | floor: every project evaluated, one empty target run (`-t:GetTargetPath`) | 1.20 s | — | — | — | 0 / — | — |",
            RowOf(table, "floor:"));
        Assert.Contains("| on | no-op build | 3.00 s | 3.00 s | 0.0% overhead", table); // no-op rows have no bound
        Assert.Contains("% to 0.0%) | — | 0 / 0 | overhead ≤ 5%: met |", table);
    }

    [Fact]
    public void BuildsWithoutABinlogShowNoCompileCount()
    {
        var runs = new[]
        {
            new BenchmarkRun("on", "noop-nobinlog", 1, "plain", 2.0, BenchmarkRun.NoBinlog),
            new BenchmarkRun("on", "noop-nobinlog", 1, "flowforge", 2.1, BenchmarkRun.NoBinlog),
        };

        var row = RowOf(ResultsTable.Render(runs, _ => throw new InvalidOperationException("no binlog to read")), "no-op build, no binlog");

        Assert.StartsWith("| on | no-op build, no binlog | 2.00 s | 2.10 s | +5.0% overhead", row);
        Assert.Contains("| — / — |", row);
    }

    [Fact]
    public void TheContentCheckRowShowsTheCostOfQuickCheckOffWithoutJudgingItAgainstTheNoOpTarget()
    {
        var runs = new[]
        {
            new BenchmarkRun("off", "noop-content", 1, "plain", 2.0, "plain.binlog"),
            new BenchmarkRun("off", "noop-content", 1, "flowforge", 2.4, "flowforge.binlog"),
        };

        var row = RowOf(ResultsTable.Render(runs, _ => 0), "no-op build, `FlowForgeQuickCheck=false`");

        Assert.StartsWith("| off | no-op build, `FlowForgeQuickCheck=false` (every input hashed) | 2.00 s | 2.40 s | +20.0% overhead", row);
        Assert.EndsWith("| 0 / 0 | — |", row);
    }

    private static string RowOf(string table, string scenarioTitle) =>
        Assert.Single(table.Split('\n'), line => line.Contains($"| {scenarioTitle}", StringComparison.Ordinal)).TrimEnd('\r');
}
