using FlowForge.Build.Tasks.Infrastructure;

namespace FlowForge.Build.Tasks.Tests;

/// <summary>The times the gate gives outputs MSBuild must see as up to date (skips and restores).</summary>
public sealed class OutputTimesTests
{
    private static readonly DateTime CheckStarted = new(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void InputsOlderThanTheCheckGiveTheCheckStartAndAnInputSavedWithinTheLastMillisecondIsPassed()
    {
        Assert.Equal(CheckStarted, OutputTimes.UpToDateStamp(CheckStarted.AddMinutes(-5).Ticks, CheckStarted));
        var justBefore = CheckStarted.Ticks - 10; // 1 µs before the check: the outputs still go past it
        Assert.Equal(justBefore + TimeSpan.TicksPerMillisecond, OutputTimes.UpToDateStamp(justBefore, CheckStarted).Ticks);
    }

    [Fact]
    public void PastAFutureInputEveryBuildGetsATimeOfItsOwnThatGrowsWithTheClock()
    {
        // The case that gave the compiler server a stale reference assembly: the same future input in two builds
        // whose restores wrote different content. Each build's time must be past the input and differ from the last.
        var future = CheckStarted.AddYears(3).Ticks;
        var first = OutputTimes.UpToDateStamp(future, CheckStarted);
        var oneSecondLater = OutputTimes.UpToDateStamp(future, CheckStarted.AddSeconds(1));
        var aDayLater = OutputTimes.UpToDateStamp(future, CheckStarted.AddDays(1));

        Assert.True(first.Ticks > future);
        Assert.True(oneSecondLater - first >= TimeSpan.FromMilliseconds(1), $"{first:O} then {oneSecondLater:O}");
        Assert.True(aDayLater > oneSecondLater);
        // Bounded: about 10 days past the input in 2026, not years (the outputs' dates stay readable).
        Assert.InRange(first - new DateTime(future, DateTimeKind.Utc), TimeSpan.FromDays(9), TimeSpan.FromDays(11));
        // An input dated as late as DateTime allows does not overflow.
        Assert.Equal(DateTime.MaxValue.Ticks, OutputTimes.UpToDateStamp(DateTime.MaxValue.Ticks - 5, CheckStarted).Ticks);
    }
}
