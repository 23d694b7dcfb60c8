namespace FlowForge.Build.Benchmarks.Tests;

public sealed class NoOpOverheadSummaryTests
{
    [Theory]
    // n, k: [x(k), x(n+1-k)] is the narrowest order-statistic interval holding the median at least 95% of the time
    // (from the binomial distribution: n = 15 covers 96.5%, n = 45 96.4%, n = 90 95.5%, n = 2000 95.3%).
    [InlineData(6, 1)]
    [InlineData(10, 2)]
    [InlineData(15, 4)]
    [InlineData(45, 16)]
    [InlineData(90, 36)]
    [InlineData(2000, 956)] // 2^-2000 underflows a double: the sum must be taken in logarithms
    public void MedianIntervalRankMatchesTheBinomialTables(int n, int k) =>
        Assert.Equal(k, NoOpOverheadSummary.MedianIntervalRank(n));

    [Fact]
    public void FewerThanSixValuesHaveNo95PercentInterval()
    {
        // Even [min, max] misses the median with probability 2 / 2^5 = 6.25% for 5 values.
        Assert.Null(NoOpOverheadSummary.MedianIntervalRank(5));
        Assert.Null(NoOpOverheadSummary.MedianIntervalRank(1));
    }

    [Fact]
    public void PoolsThePairsOfEveryModeAndEveryRunMatchedWithinTheirOwnMode()
    {
        // Run 1: off pairs +1%..+5%, on pairs +6%..+10%; run 2 repeats the repetition numbers, which must not pair
        // across runs or modes. 15 pairs in all: overheads 1..15%.
        var first = new List<BenchmarkRun>();
        var second = new List<BenchmarkRun>();
        for (int rep = 1; rep <= 5; rep++)
        {
            AddPair(first, "off", rep, rep);
            AddPair(first, "on", rep, 5 + rep);
            AddPair(second, "reuse", rep, 10 + rep);
        }
        // A no-binlog pair and a touch pair are not part of the "noop" estimate.
        AddPair(first, "off", 1, 50, "noop-nobinlog");
        AddPair(first, "off", 1, 90, "touch");

        var estimate = NoOpOverheadSummary.Pool([first, second], "noop")!;

        Assert.Equal(15, estimate.Pairs);
        Assert.Equal(8, estimate.Median, 6);
        Assert.Equal(4, estimate.Low!.Value, 6);   // x(4)
        Assert.Equal(12, estimate.High!.Value, 6); // x(12)
        Assert.Equal(1, NoOpOverheadSummary.Pool([first], "noop-nobinlog")!.Pairs);
        Assert.Null(NoOpOverheadSummary.Pool([second], "noop-nobinlog"));
    }

    [Fact]
    public void RendersOneLinePerNoOpScenarioSayingWhenThereAreTooFewPairs()
    {
        var runs = new List<BenchmarkRun>();
        for (int rep = 1; rep <= 15; rep++) AddPair(runs, "off", rep, rep);
        AddPair(runs, "on", 1, 2, "noop-nobinlog");

        var lines = NoOpOverheadSummary.Render([runs]).TrimEnd().Split(Environment.NewLine);

        Assert.Equal(
        [
            "No-op overhead, all modes pooled, with `-bl`: +8.0% (95% confidence interval of the median +4.0% to +12.0%; 15 pairs).",
            "No-op overhead, all modes pooled, without a binlog: +2.0% (too few pairs for a 95% interval; 1 pair).",
        ], lines);
        Assert.Equal("", NoOpOverheadSummary.Render([[]]));
    }

    private static void AddPair(List<BenchmarkRun> runs, string mode, int repetition, double overheadPercent, string scenario = "noop")
    {
        runs.Add(new BenchmarkRun(mode, scenario, repetition, "plain", 2.0, $"{mode}-{scenario}-{repetition}-plain.binlog"));
        runs.Add(new BenchmarkRun(mode, scenario, repetition, "flowforge", 2.0 * (1 + overheadPercent / 100), $"{mode}-{scenario}-{repetition}-flowforge.binlog"));
    }
}
