using FlowForge.Build.Benchmarks;

namespace FlowForge.Build.Benchmarks.Tests;

public sealed class SpeedUpBoundsTests
{
    // Plain's no-op build 2.5 s, the floor 1.0 s: a compile gate is at most plain/2.5 faster, any build plain/1.0.
    private static readonly SpeedUpBounds Bounds = new(PlainNoOp: 2.5, Floor: 1.0);

    [Fact]
    public void BoundsArePlainsBuildOverPlainsNoOpBuildAndOverTheFloor()
    {
        Assert.Equal(4.0, Bounds.CompileGate(10.0)!.Value, precision: 9);
        Assert.Equal(10.0, Bounds.AnyBuild(10.0)!.Value, precision: 9);
        Assert.Equal("4.0× / 10.0×", Bounds.Describe(10.0));
    }

    [Fact]
    public void AMetTargetIsMetWhateverTheBounds() =>
        Assert.Equal("≥ 8×: met", Bounds.Judge(plainRebuild: 40.0, flowForge: 5.0, target: 8));

    [Fact]
    public void AMissedTargetSaysWhichBoundRulesItOut()
    {
        // 7 s: even the floor allows only 7×.
        Assert.Equal("≥ 8×: **missed**; no build can reach it here (at most 7.0×)", Bounds.Judge(7.0, 3.0, 8));
        // 15 s: the floor allows 15×, but plain's no-op build (2.5 s) leaves a compile gate at most 6×.
        Assert.Equal("≥ 8×: **missed**; more than skipping compiles can give here (at most 6.0×)", Bounds.Judge(15.0, 3.0, 8));
        // 40 s: both bounds allow 8× (16× and 40×); FlowForge's 8 s, 5×, falls short on its own.
        Assert.Equal("≥ 8×: **missed**", Bounds.Judge(40.0, 8.0, 8));
    }

    [Fact]
    public void BoundsNotMeasuredAreShownAsDashesAndRuleNothingOut()
    {
        var none = new SpeedUpBounds(null, null);

        Assert.Equal("— / —", none.Describe(10.0));
        Assert.Equal("≥ 8×: **missed**", none.Judge(7.0, 3.0, 8));
    }

    [Fact]
    public void BoundsComeFromTheMediansOfPlainsNoOpAndFloorBuildsOnly()
    {
        var runs = new[]
        {
            new BenchmarkRun("off", "noop", 1, "plain", 2.0, "a.binlog"),
            new BenchmarkRun("off", "noop", 2, "plain", 3.0, "b.binlog"),
            new BenchmarkRun("off", "noop", 1, "flowforge", 9.0, "c.binlog"),
            new BenchmarkRun("off", "noop-nobinlog", 1, "plain", 0.5, BenchmarkRun.NoBinlog),
            new BenchmarkRun("off", SpeedUpBounds.FloorScenario, 1, "plain", 1.1, "d.binlog"),
        };

        Assert.Equal(new SpeedUpBounds(2.5, 1.1), SpeedUpBounds.Of(runs));
    }
}
