namespace FlowForge.Reporting.Analysis;

/// <summary>
/// Time a project build was ready to run but waited for a node — reported on its own, never billed to a project.
/// Two moments can queue:
/// <list type="bullet">
/// <item>start: from the request (its parent's MSBuild call, or the end of the request it had to follow) to its
/// ProjectStarted, minus its evaluation, which is work;</item>
/// <item>resume: from the end of the last build an MSBuild call waited for to the call's end (the caller's node was
/// busy with another project).</item>
/// </list>
/// </summary>
internal static class QueueTime
{
    /// <summary>Gaps this short are the log's own latency between nodes, not queueing.</summary>
    private const double Noise = 5;

    public static Dictionary<ProjectInstance, double> Compute(IReadOnlyCollection<ProjectInstance> instances, IReadOnlyDictionary<int, EvaluationSpan> evaluations)
    {
        var result = new Dictionary<ProjectInstance, double>();
        var live = instances.Where(i => !i.IsRestore && i.Finished).ToList();
        var byContext = live.GroupBy(i => i.ContextId).ToDictionary(g => g.Key, g => g.First());
        var children = live.Where(i => i.ParentContextId >= 0).GroupBy(i => i.ParentContextId).ToDictionary(g => g.Key, g => g.ToList());
        var byFile = live.GroupBy(i => i.File, BuildCollector.PathComparer).ToDictionary(g => g.Key, g => g.ToList(), BuildCollector.PathComparer);

        foreach (var instance in live)
        {
            double queued = 0;
            // Resume: the results were ready when the last build this call waited for ended.
            var mine = children.GetValueOrDefault(instance.ContextId);
            foreach (var wait in instance.Waits)
            {
                var ready = double.NaN;
                if (mine is not null)
                    foreach (var c in mine)
                        if (c.Start >= wait.Span.Start - Noise && c.End <= wait.Span.End + Noise && !(c.End <= ready)) ready = c.End;
                if (!double.IsNaN(ready) && wait.Span.End - ready > Noise) queued += wait.Span.End - ready;
            }
            // Start: ready at its parent's call, or when the last build it had to follow (same call, same project) ended.
            if (byContext.TryGetValue(instance.ParentContextId, out var parent))
            {
                var call = parent.Waits.FirstOrDefault(w => w.Span.Start - Noise <= instance.Start && instance.Start <= w.Span.End + Noise);
                if (call is not null)
                {
                    var ready = call.Span.Start;
                    foreach (var sibling in children[parent.ContextId])
                        if (sibling != instance && sibling.End <= instance.Start && sibling.End > ready && sibling.Start >= call.Span.Start - Noise) ready = sibling.End;
                    foreach (var same in byFile[instance.File])
                        if (same != instance && same.End <= instance.Start && same.End > ready) ready = same.End;
                    var gap = instance.Start - ready;
                    if (evaluations.TryGetValue(instance.EvaluationId, out var evaluation) && evaluation.Finished)
                        gap -= Math.Max(0, Math.Min(evaluation.End, instance.Start) - Math.Max(evaluation.Start, ready));
                    if (gap > Noise) queued += gap;
                }
            }
            if (queued > 0) result[instance] = queued;
        }
        return result;
    }
}
