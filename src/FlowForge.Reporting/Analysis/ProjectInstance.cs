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

    public bool Finished => !double.IsNaN(End);
    public double Duration => Finished ? Math.Max(0, End - Start) : 0;
    public double WaitingMs => Interval.CoveredLength(Waits.Select(w => w.Span), Start, Finished ? End : Start);
    public double ExclusiveMs => Math.Max(0, Duration - WaitingMs);
    public bool DidWork => WorkTargets.Count > 0 || FilesCopied > 0;

    public bool IsSolution => File.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || File.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase)
        || File.EndsWith(".metaproj", StringComparison.OrdinalIgnoreCase);
}

/// <summary>One MSBuild task call of a project: when it waited and for which project files.</summary>
internal sealed record Wait(Interval Span, IReadOnlyCollection<string> Projects);
