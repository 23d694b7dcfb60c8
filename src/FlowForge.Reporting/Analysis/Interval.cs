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

/// <summary>Sets of intervals as sorted, disjoint lists: union, difference, total length.</summary>
internal static class Intervals
{
    public static List<Interval> Merge(IEnumerable<Interval> intervals)
    {
        var merged = new List<Interval>();
        foreach (var i in intervals.Where(i => i.End > i.Start).OrderBy(i => i.Start))
        {
            if (merged.Count > 0 && i.Start <= merged[^1].End) merged[^1] = merged[^1] with { End = Math.Max(merged[^1].End, i.End) };
            else merged.Add(i);
        }
        return merged;
    }

    /// <summary>The parts of <paramref name="set"/> outside <paramref name="remove"/> (both sorted and disjoint).</summary>
    public static List<Interval> Subtract(List<Interval> set, List<Interval> remove)
    {
        var result = new List<Interval>();
        var j = 0;
        foreach (var i in set)
        {
            var start = i.Start;
            while (j < remove.Count && remove[j].End <= start) j++;
            var k = j;
            while (k < remove.Count && remove[k].Start < i.End)
            {
                if (remove[k].Start > start) result.Add(new Interval(start, remove[k].Start));
                start = Math.Max(start, remove[k].End);
                k++;
            }
            if (i.End > start) result.Add(new Interval(start, i.End));
        }
        return result;
    }

    public static List<Interval> Clip(List<Interval> set, double from, double to) =>
        set.Select(i => new Interval(Math.Max(i.Start, from), Math.Min(i.End, to))).Where(i => i.End > i.Start).ToList();

    public static double Length(List<Interval> set) => set.Sum(i => i.Length);
}
