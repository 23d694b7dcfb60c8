using FlowForge.Build.Benchmarks;

namespace FlowForge.Build.Benchmarks.Tests;

public sealed class CacheResultsTableTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ff-cache-table-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static BenchmarkRun Run(string variant, int repetition, double seconds, double? cpu = null) =>
        new("off", variant, repetition, variant, seconds, $"off-{variant}-{repetition}.binlog", CpuSeconds: cpu);

    private static string Row(string table, string title) =>
        table.Split('\n').Single(line => line.Contains(title, StringComparison.Ordinal));

    [Fact]
    public void TheBusyCpuColumnShowsTheMedianAndTheDifferenceToPlain()
    {
        var table = CacheResultsTable.Render(
            [Run("plain", 1, 60, cpu: 100), Run("plain", 2, 62, cpu: 110), Run("plain", 3, 61, cpu: 90),
             Run("cold", 1, 70, cpu: 120), Run("cold", 2, 71, cpu: 118), Run("cold", 3, 69, cpu: 130)],
            compiledIn: _ => 31);

        Assert.Contains("busy CPU (median)", table.Split('\n')[0]);
        Assert.Contains("| 100.0 s |", Row(table, "plain `dotnet build`"));
        Assert.Contains("| 120.0 s (+20.0 s) |", Row(table, "empty caches"));
    }

    [Fact]
    public void ResultsWithoutCpuTimesHaveNoCpuColumn()
    {
        var table = CacheResultsTable.Render([Run("plain", 1, 60), Run("cold", 1, 70)], compiledIn: _ => 31);

        Assert.DoesNotContain("busy CPU", table);
        Assert.Equal(8, Row(table, "empty caches").Count(c => c == '|'));
    }

    [Fact]
    public void ResultLinesMayCarryDownloadsAndCpuOrLeaveThemOut()
    {
        string file = Path.Combine(_folder, "results.tsv");
        File.WriteAllLines(file,
        [
            "# mode\tscenario\trepetition\tvariant\tseconds\tbinlog",
            "off\tplain\t1\tplain\t60.5\ta.binlog",
            "off\tcold\t1\tcold\t70.25\tb.binlog\t\t41.5",
            "off\tremote\t1\tremote\t20\tc.binlog\t1000/12\t",
            "off\tremote\t2\tremote\t21\td.binlog\t1000/12",
        ]);

        var runs = BenchmarkRun.ReadAll(file);

        Assert.Equal(4, runs.Count);
        Assert.Null(runs[0].CpuSeconds);
        Assert.Null(runs[1].Downloaded);
        Assert.Equal(41.5, runs[1].CpuSeconds);
        Assert.Equal("1000/12", runs[2].Downloaded);
        Assert.Null(runs[2].CpuSeconds);
        Assert.Equal("1000/12", runs[3].Downloaded);
    }

    [Theory]
    [InlineData("off\tcold\t1\tcold\t70\tb.binlog\t\tlots")]
    [InlineData("off\tcold\t1\tcold\t70\tb.binlog\t\t1\textra")]
    public void AMalformedResultLineIsAnErrorThatNamesTheLine(string line)
    {
        string file = Path.Combine(_folder, "results.tsv");
        File.WriteAllLines(file, ["off\tplain\t1\tplain\t60\ta.binlog", line]);

        var error = Assert.Throws<FormatException>(() => BenchmarkRun.ReadAll(file));
        Assert.Contains("results.tsv(2)", error.Message);
    }
}
