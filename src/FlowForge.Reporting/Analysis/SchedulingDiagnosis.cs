using FlowForge.Reporting.Model;
using FlowForge.Reporting.Rendering;

namespace FlowForge.Reporting.Analysis;

/// <summary>
/// Says in plain words when scheduling, not work, set the wall time: the execution phase took much longer than the
/// longest reference chain needs, while one node was busy and another mostly idle (typically MSBuild putting nearly
/// every compile on one node).
/// </summary>
internal static class SchedulingDiagnosis
{
    /// <summary>Execution this much longer than the reference-chain bound is not explained by the graph.</summary>
    private const double SlackFactor = 1.25;
    /// <summary>Busy shares this far apart are an imbalance, not noise.</summary>
    private const double Imbalance = 0.3;

    public static string? Diagnose(List<NodeUse> nodes, double criticalPathMs, double executionWallMs, double queuedMs)
    {
        if (nodes.Count < 2 || executionWallMs <= 0 || executionWallMs < SlackFactor * criticalPathMs) return null;
        var busiest = nodes.MaxBy(n => n.BusyShare)!;
        var idlest = nodes.MinBy(n => n.BusyShare)!;
        var compiles = nodes.Sum(n => n.Compiles);
        var compileNode = nodes.MaxBy(n => n.Compiles)!;
        var skewedCompiles = compiles >= 4 && compileNode.Compiles >= 0.75 * compiles;
        if (busiest.BusyShare - idlest.BusyShare < Imbalance && !skewedCompiles) return null;
        var parts = new List<string>();
        if (compiles >= 2) parts.Add($"{compileNode.Compiles} of {compiles} compiles ran on node {compileNode.Node}");
        parts.Add($"node {idlest.Node} was busy {Format.Percent(idlest.BusyShare)} of the build");
        var text = string.Join("; ", parts) + ". "
            + $"The longest chain of project references needs {Format.Duration(criticalPathMs)} of execution, the execution took {Format.Duration(executionWallMs)}"
            + (queuedMs >= 1000 ? $" and ready projects waited {Format.Duration(queuedMs)} for a node" : "")
            + ": scheduling, not work, set the wall time.";
        return char.ToUpperInvariant(text[0]) + text[1..];
    }
}
