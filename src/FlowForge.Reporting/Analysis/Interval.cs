namespace FlowForge.Reporting.Analysis;

/// <summary>A span of build time in milliseconds since the build started.</summary>
internal readonly record struct Interval(double Start, double End)
{
    public double Length => Math.Max(0, End - Start);

    /// <summary>Total length covered by <paramref name="intervals"/> inside [from, to], overlaps counted once
    /// (a project waiting on several parallel MSBuild calls waits once).</summary>
    public static double CoveredLength(IEnumerable<Interval> intervals, double from, double to)
    {
        double covered = 0, reach = from;
        foreach (var i in intervals.OrderBy(i => i.Start))
        {
            var start = Math.Max(i.Start, reach);
            var end = Math.Min(i.End, to);
            if (end > start) { covered += end - start; reach = end; }
        }
        return covered;
    }
}
