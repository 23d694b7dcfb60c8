namespace FlowForge.Reporting.Analysis;

/// <summary>
/// The time-weighted critical path. Walking back from the end of the build, each moment is charged to the project
/// build everything else was waiting for:
/// <list type="bullet">
/// <item>inside a project build, time outside its MSBuild task calls is its own work;</item>
/// <item>during an MSBuild call, it waited for the requested project build that finished last (the blocker) — which may
/// have been started by another project, e.g. a reference the solution was already building — and the walk continues
/// inside the blocker;</item>
/// <item>at a project build's start, the walk returns to the project that requested it (which was then waiting: the gap is
/// evaluation and scheduling, charged to the requester, unless another requested build finished just before).</item>
/// </list>
/// The segments cover the top-level build's wall time exactly once.
/// </summary>
internal static class CriticalPathFinder
{
    private const double Tolerance = 5; // ms: a child's ProjectFinished and its caller's TaskFinished come from different nodes

    /// <summary>Project builds answered from MSBuild's results cache (GetTargetPath and friends) take about a millisecond;
    /// they never hold anyone up, and a deep graph has tens of thousands of them: they are not considered as blockers.</summary>
    private const double MinimumBlockerMs = 2;

    public readonly record struct Segment(ProjectInstance Project, double Start, double End);

    public static List<Segment> Find(IReadOnlyCollection<ProjectInstance> projects)
    {
        var finished = projects.Where(p => p.Finished).ToList();
        var segments = new List<Segment>();
        var current = finished.Where(p => p.ParentContextId < 0).OrderByDescending(p => p.End).FirstOrDefault()
                      ?? finished.OrderByDescending(p => p.End).FirstOrDefault();
        if (current is null) return segments;
        var byContext = finished.ToDictionary(p => p.ContextId);
        // Sorted by end time: the blocker search is a binary search per requested file. (The SDK passes transitive
        // references to every MSBuild call, so a project of a deep graph is requested by — and built for — most others.)
        var blockers = finished.Where(p => p.Duration >= MinimumBlockerMs).ToList();
        var byFile = blockers.GroupBy(p => p.File, BuildCollector.PathComparer).ToDictionary(g => g.Key, g => g.OrderBy(p => p.End).ToArray(), BuildCollector.PathComparer);
        var byParent = blockers.GroupBy(p => p.ParentContextId).ToDictionary(g => g.Key, g => g.OrderBy(p => p.End).ToArray());
        var visited = new HashSet<ProjectInstance> { current };
        var t = current.End;

        for (var steps = 0; current is not null && steps < 100_000; steps++)
        {
            var wait = current.Waits.Where(w => w.Span.Start < t).OrderByDescending(w => Math.Min(w.Span.End, t)).FirstOrDefault();
            if (wait is null)
            {
                Add(segments, current, current.Start, t);
                t = Math.Min(t, current.Start);
                current = byContext.GetValueOrDefault(current.ParentContextId);
                continue;
            }
            var waitEnd = Math.Min(wait.Span.End, t);
            Add(segments, current, waitEnd, t);
            var blocker = Blocker(current, wait, waitEnd, byFile, byParent, visited);
            if (blocker is null)
            {
                // Results came from MSBuild's cache, or the log does not say whom it waited for: charge the caller.
                Add(segments, current, wait.Span.Start, waitEnd);
                t = wait.Span.Start;
                continue;
            }
            visited.Add(blocker);
            var blockerEnd = Math.Min(blocker.End, waitEnd);
            Add(segments, current, blockerEnd, waitEnd);
            current = blocker;
            t = blockerEnd;
        }
        segments.Sort((a, b) => a.Start.CompareTo(b.Start));
        return segments;
    }

    private static void Add(List<Segment> segments, ProjectInstance project, double start, double end)
    {
        if (end > start) segments.Add(new Segment(project, start, end));
    }

    private static ProjectInstance? Blocker(ProjectInstance caller, Wait wait, double waitEnd,
        Dictionary<string, ProjectInstance[]> byFile, Dictionary<int, ProjectInstance[]> byParent, HashSet<ProjectInstance> visited)
    {
        ProjectInstance? best = null;
        void Consider(ProjectInstance[] sortedByEnd)
        {
            // The last build that ended by the end of the wait (and after its start) and is not on the path yet.
            var i = UpperBound(sortedByEnd, waitEnd + Tolerance) - 1;
            for (; i >= 0; i--)
            {
                var p = sortedByEnd[i];
                if (p.End <= wait.Span.Start) return;
                if (p == caller || visited.Contains(p)) continue;
                if (best is null || p.End > best.End || p.End == best.End && p.Duration > best.Duration) best = p;
                return;
            }
        }
        if (wait.Projects.Count > 0)
        {
            foreach (var file in wait.Projects)
                if (byFile.TryGetValue(file, out var list)) Consider(list);
        }
        else if (byParent.TryGetValue(caller.ContextId, out var children)) Consider(children);
        return best;
    }

    /// <summary>Index of the first element whose End is greater than <paramref name="value"/>.</summary>
    private static int UpperBound(ProjectInstance[] sortedByEnd, double value)
    {
        int lo = 0, hi = sortedByEnd.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sortedByEnd[mid].End <= value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
