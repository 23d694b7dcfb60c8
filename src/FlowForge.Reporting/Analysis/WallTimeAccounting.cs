using FlowForge.Reporting.Model;

namespace FlowForge.Reporting.Analysis;

/// <summary>
/// Splits the wall time into restore, evaluation (when nothing executed), execution (some project build ran) and the
/// rest, so every second of a build is accounted for; and measures each node's busy time over the execution phase.
/// </summary>
internal static class WallTimeAccounting
{
    public sealed record Result(WallTime Time, List<Interval> Restore, List<EvaluationSpan> BuildEvaluations, double ExecutionStart);

    public static Result Compute(IReadOnlyCollection<ProjectInstance> instances, IReadOnlyDictionary<int, EvaluationSpan> evaluations, double wall)
    {
        var restoreInstances = instances.Where(i => i.IsRestore && i.Finished).ToList();
        var restore = restoreInstances.Count == 0 ? new List<Interval>()
            : new List<Interval> { new(Math.Max(0, restoreInstances.Min(i => i.Start)), Math.Min(wall, restoreInstances.Max(i => i.End))) };
        var restoreEvaluationIds = restoreInstances.Select(i => i.EvaluationId).ToHashSet();
        // Restore evaluates every project with its own global properties, inside its span: those evaluations are restore.
        var buildEvaluations = evaluations.Where(e => e.Value.Finished && !restoreEvaluationIds.Contains(e.Key)
                && !restore.Any(r => e.Value.Start >= r.Start && e.Value.End <= r.End))
            .Select(e => e.Value).ToList();

        var executing = Intervals.Subtract(Intervals.Merge(instances.Where(i => !i.IsRestore).SelectMany(i => i.ExecutionSpans())), restore);
        var evaluating = Intervals.Subtract(Intervals.Subtract(Intervals.Merge(buildEvaluations.Select(e => new Interval(e.Start, e.End))), restore), executing);
        var time = new WallTime
        {
            WallMs = wall,
            RestoreMs = Intervals.Length(Intervals.Clip(restore, 0, wall)),
            ExecutionMs = Intervals.Length(Intervals.Clip(executing, 0, wall)),
            EvaluationMs = Intervals.Length(Intervals.Clip(evaluating, 0, wall)),
            EvaluationTotalMs = buildEvaluations.Sum(e => e.Duration),
            Evaluations = buildEvaluations.Count,
        };
        time.OtherMs = Math.Max(0, wall - time.RestoreMs - time.ExecutionMs - time.EvaluationMs);
        return new Result(time, restore, buildEvaluations, restore.Count > 0 ? restore[^1].End : 0);
    }

    /// <summary>Per node: time running project builds or evaluations during the execution phase, and compiles run.</summary>
    public static List<NodeUse> Nodes(IReadOnlyCollection<ProjectInstance> instances, List<EvaluationSpan> buildEvaluations, double from, double to)
    {
        var span = Math.Max(1, to - from);
        return instances.Where(i => !i.IsRestore && i.Finished && i.NodeId >= 0).GroupBy(i => i.NodeId).OrderBy(g => g.Key).Select(g =>
        {
            var busy = Intervals.Merge(g.SelectMany(i => i.ExecutionSpans())
                .Concat(buildEvaluations.Where(e => e.Node == g.Key).Select(e => new Interval(e.Start, e.End))));
            var busyMs = Intervals.Length(Intervals.Clip(busy, from, to));
            return new NodeUse
            {
                Node = g.Key, BusyMs = busyMs, BusyShare = Math.Round(busyMs / span, 3),
                Compiles = g.Count(i => i.Compiled), ProjectBuilds = g.Count(i => !i.IsSolution && i.Duration >= 2),
            };
        }).ToList();
    }
}
