namespace FlowForge.Reporting.Analysis;

/// <summary>One project evaluation: which file, on which node, from when to when (ms since the build's start).</summary>
internal sealed class EvaluationSpan(string file, int node, double start)
{
    public string File { get; } = file;
    public int Node { get; } = node;
    public double Start { get; } = start;
    /// <summary>NaN until ProjectEvaluationFinished arrives.</summary>
    public double End { get; set; } = double.NaN;
    public bool Finished => !double.IsNaN(End);
    public double Duration => Finished ? Math.Max(0, End - Start) : 0;
}
