namespace FlowForge.Reporting.Analysis;

/// <summary>One project build as MSBuild ran it (a ProjectStarted … ProjectFinished pair), with what the report needs of it.</summary>
internal sealed class ProjectInstance
{
    public required int ContextId { get; init; }
    public required int ParentContextId { get; init; }
    public required string File { get; init; }
    public required int NodeId { get; init; }
    public required int EvaluationId { get; init; }
    public string? TargetFramework { get; set; }
    public double Start { get; init; }
    public double End { get; set; } = double.NaN;
    public bool Succeeded { get; set; } = true;

    /// <summary>MSBuild task calls: the time this build waited on other projects, and which project files it asked for.</summary>
    public List<Wait> Waits { get; } = new();

    /// <summary>Incremental targets that ran (not the always-running SDK ones), with MSBuild's reasons.</summary>
    public List<Model.TargetRun> WorkTargets { get; } = new();
    public int FilesCopied { get; set; }
    public List<string> CopiedExamples { get; } = new();
    /// <summary>The compiler task's UseSharedCompilation and Deterministic inputs, when it ran.</summary>
    public string? UseSharedCompilation { get; set; }
    public string? Deterministic { get; set; }
    /// <summary>The "FlowForge: …" line FlowForge logged for this build, if any.</summary>
    public string? FlowForgeLine { get; set; }
    /// <summary>The record FlowForge logged as data in this build (<see cref="Core.Records.ProjectRecordLog"/>), if any.</summary>
    public Core.Records.ProjectRecord? LoggedRecord { get; set; }
    /// <summary>Part of NuGet's restore (its own build request before the build proper).</summary>
    public bool IsRestore { get; init; }
    /// <summary>The compiler ran (Csc), and whether it, or CoreCompile, failed.</summary>
    public bool Compiled { get; set; }
    public bool CompileFailed { get; set; }
    /// <summary>Time in FlowForge's own tasks.</summary>
    public double FlowForgeTaskMs { get; set; }

    /// <summary>Targets that ran, in order: the drill-down of the HTML report (bounded per project build).</summary>
    public List<TargetSpan> Targets { get; } = new();
    /// <summary>Task time per task name (MSBuild/CallTarget excluded: they only wait).</summary>
    public Dictionary<string, double> TaskMs { get; } = new(StringComparer.Ordinal);

    private const int MaxTargets = 400;

    public void AddTarget(string name, double start, double end, double exclusive)
    {
        if (Targets.Count < MaxTargets) Targets.Add(new TargetSpan(name, start, end, exclusive));
    }

    public void AddTask(string name, double ms) => TaskMs[name] = TaskMs.GetValueOrDefault(name) + ms;

    /// <summary>The parts of [Start, End] this build was running on its node: outside its MSBuild task calls.</summary>
    public List<Interval> ExecutionSpans()
    {
        var spans = new List<Interval>();
        if (!Finished) return spans;
        var at = Start;
        foreach (var wait in Waits.Select(w => w.Span).OrderBy(w => w.Start))
        {
            if (wait.Start > at) spans.Add(new Interval(at, Math.Min(wait.Start, End)));
            at = Math.Max(at, wait.End);
            if (at >= End) break;
        }
        if (End > at) spans.Add(new Interval(at, End));
        return spans.Where(x => x.Length > 0).ToList();
    }

    public bool Finished => !double.IsNaN(End);
    public double Duration => Finished ? Math.Max(0, End - Start) : 0;
    public double WaitingMs => Interval.CoveredLength(Waits.Select(w => w.Span), Start, Finished ? End : Start);
    public double ExclusiveMs => Math.Max(0, Duration - WaitingMs);
    public bool DidWork => WorkTargets.Count > 0 || FilesCopied > 0;

    public bool IsSolution => File.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || File.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase)
        || File.EndsWith(".metaproj", StringComparison.OrdinalIgnoreCase);
}

/// <summary>One target run: when, and its time minus its MSBuild/CallTarget waits.</summary>
internal sealed record TargetSpan(string Name, double Start, double End, double ExclusiveMs);

/// <summary>One MSBuild task call of a project: when it waited and for which project files.</summary>
internal sealed record Wait(Interval Span, IReadOnlyCollection<string> Projects);
