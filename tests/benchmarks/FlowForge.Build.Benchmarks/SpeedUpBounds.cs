using System.Globalization;

namespace FlowForge.Build.Benchmarks;

/// <summary>
/// How much faster than plain MSBuild any build of one scenario could be at most, from the plain builds of the same
/// run. A speed-up is plain's build divided by FlowForge's; FlowForge's build cannot cost less than
/// <list type="bullet">
/// <item>plain's no-op build, as long as it skips work by skipping compiles (a compile gate): every other target of
/// every project still runs, as it does in a no-op build;</item>
/// <item>the floor build, whatever it does: MSBuild evaluates every project of the solution and runs one empty
/// target in each (`dotnet build -t:GetTargetPath`), which every build inside `dotnet build` pays.</item>
/// </list>
/// A target above one of these bounds cannot be met by that kind of tool on the machine that measured it.
/// </summary>
/// <param name="PlainNoOp">Median of plain's no-op builds (with a binlog, as the rebuilds), or null if not measured.</param>
/// <param name="Floor">Median of the floor builds, or null if not measured.</param>
public sealed record SpeedUpBounds(double? PlainNoOp, double? Floor)
{
    /// <summary>The scenario id of the floor builds in the results file (variant "plain").</summary>
    public const string FloorScenario = "floor";

    /// <summary>The bounds of one mode's runs.</summary>
    public static SpeedUpBounds Of(IEnumerable<BenchmarkRun> runsOfMode)
    {
        var plain = runsOfMode.Where(r => r.Variant == "plain").ToList();
        return new SpeedUpBounds(MedianOf(plain, "noop"), MedianOf(plain, FloorScenario));
    }

    /// <summary>At most how many times faster than <paramref name="plainRebuild"/> a compile gate can be.</summary>
    public double? CompileGate(double plainRebuild) => PlainNoOp is > 0 ? plainRebuild / PlainNoOp.Value : null;

    /// <summary>At most how many times faster than <paramref name="plainRebuild"/> any build can be.</summary>
    public double? AnyBuild(double plainRebuild) => Floor is > 0 ? plainRebuild / Floor.Value : null;

    /// <summary>The table cell: "2.9× / 7.1×" (compile gate / any build), "—" for a bound not measured.</summary>
    public string Describe(double plainRebuild) => $"{Times(CompileGate(plainRebuild))} / {Times(AnyBuild(plainRebuild))}";

    /// <summary>
    /// The verdict on "at least <paramref name="target"/>× faster": met, or missed, with the strongest thing the bounds
    /// say about it (no build at all can reach it; else no compile gate can), so a reader sees whether the gap is
    /// FlowForge's or the machine's.
    /// </summary>
    public string Judge(double plainRebuild, double flowForge, double target)
    {
        var goal = string.Create(CultureInfo.InvariantCulture, $"≥ {target:0.#}×");
        if (plainRebuild / flowForge >= target) return goal + ": met";
        if (AnyBuild(plainRebuild) is { } anyBuild && anyBuild < target)
            return $"{goal}: **missed**; no build can reach it here (at most {Times(anyBuild)})";
        if (CompileGate(plainRebuild) is { } gate && gate < target)
            return $"{goal}: **missed**; more than skipping compiles can give here (at most {Times(gate)})";
        return goal + ": **missed**";
    }

    private static string Times(double? ratio) =>
        ratio is { } r ? string.Create(CultureInfo.InvariantCulture, $"{r:0.0}×") : "—";

    private static double? MedianOf(IEnumerable<BenchmarkRun> runs, string scenario)
    {
        var seconds = runs.Where(r => r.Scenario == scenario).Select(r => r.Seconds).ToList();
        return seconds.Count > 0 ? ResultsTable.Median(seconds) : null;
    }
}
