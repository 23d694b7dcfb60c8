namespace FlowForge.Reporting.Model;

/// <summary>
/// Everything <c>dotnet flowforge report</c> knows about one build: the JSON format (<c>--format json</c>) is this
/// type serialized with camelCase names; docs/report.md documents every field. Add fields, never change their meaning.
/// Times are milliseconds; <c>…StartMs</c>/<c>…EndMs</c> are relative to the build's start.
/// </summary>
public sealed class BuildReport
{
    public const int CurrentSchema = 1;

    public int Schema { get; set; } = CurrentSchema;
    public string Binlog { get; set; } = "";
    public int FileFormatVersion { get; set; }
    public BuildSummary Summary { get; set; } = new();
    public List<ProjectTiming> Projects { get; set; } = new();
    public List<NamedTiming> Targets { get; set; } = new();
    public List<NamedTiming> Tasks { get; set; } = new();
    public CriticalPath CriticalPath { get; set; } = new();
    public List<ProjectWhy> Rebuilt { get; set; } = new();
    public FlowForgeTotals FlowForge { get; set; } = new();
    public GitSummary? Git { get; set; }
    public List<BuildFlag> Flags { get; set; } = new();
    public List<BuildDiagnostic> Diagnostics { get; set; } = new();
    /// <summary>Problems met while reading (FF8004 unknown binlog data, FF8005 unreadable records), one line each.</summary>
    public List<string> ReaderWarnings { get; set; } = new();
    public List<TimelineBar> Timeline { get; set; } = new();
}

public sealed class BuildSummary
{
    public DateTimeOffset? StartedUtc { get; set; }
    public double WallMs { get; set; }
    public bool Succeeded { get; set; }
    /// <summary>Distinct project files built (solutions and metaprojects not counted).</summary>
    public int Projects { get; set; }
    /// <summary>Project builds (one per project, target framework and set of global properties; MSBuild's ProjectStarted).</summary>
    public int ProjectBuilds { get; set; }
    public int Nodes { get; set; }
    public int TargetsRun { get; set; }
    /// <summary>Targets skipped because their outputs were up to date (MSBuild's incrementality).</summary>
    public int TargetsSkippedUpToDate { get; set; }
    /// <summary>Targets skipped because their condition was false.</summary>
    public int TargetsSkippedByCondition { get; set; }
    public int TasksRun { get; set; }
    public int Errors { get; set; }
    public int Warnings { get; set; }
    /// <summary>Projects that did work (an incremental target ran, files were copied, or FlowForge compiled/restored).</summary>
    public int ProjectsRebuilt { get; set; }
}

public sealed class ProjectTiming
{
    public string Name { get; set; } = "";
    public string Path { get; set; } = "";
    public string? TargetFramework { get; set; }
    public List<int> Nodes { get; set; } = new();
    public double StartMs { get; set; }
    public double EndMs { get; set; }
    /// <summary>Sum of this project's builds' durations.</summary>
    public double InclusiveMs { get; set; }
    /// <summary><see cref="InclusiveMs"/> minus the time spent waiting on other projects (MSBuild task calls).</summary>
    public double ExclusiveMs { get; set; }
    /// <summary>Time this project contributes to the critical path.</summary>
    public double CriticalMs { get; set; }
    public bool Rebuilt { get; set; }
    public bool Succeeded { get; set; } = true;
}

public sealed class NamedTiming
{
    public string Name { get; set; } = "";
    public int Count { get; set; }
    public double InclusiveMs { get; set; }
    /// <summary>For targets: minus the time their MSBuild/CallTarget tasks waited on other builds. Tasks that only
    /// wait (MSBuild, CallTarget) are not listed.</summary>
    public double ExclusiveMs { get; set; }
}

public sealed class CriticalPath
{
    /// <summary>Sum of the steps: the build's wall time explained by one chain of work across project-reference waits.</summary>
    public double TotalMs { get; set; }
    public List<CriticalPathStep> Steps { get; set; } = new();
}

public sealed class CriticalPathStep
{
    public string Project { get; set; } = "";
    public string? TargetFramework { get; set; }
    public double StartMs { get; set; }
    public double EndMs { get; set; }
    /// <summary>Time on the path within [StartMs, EndMs] (the project's own work while everything else waited on it).</summary>
    public double Ms { get; set; }
}

/// <summary>Why one project (one target framework) did work in this build.</summary>
public sealed class ProjectWhy
{
    public string Project { get; set; } = "";
    public string Path { get; set; } = "";
    public string? TargetFramework { get; set; }
    /// <summary>Incremental targets that ran and MSBuild's reason ("Input file "A.cs" is newer than output file …").</summary>
    public List<TargetRun> Targets { get; set; } = new();
    public int FilesCopied { get; set; }
    public List<string> CopiedExamples { get; set; } = new();
    /// <summary>FlowForge's record of this project in this build (absent without FlowForge or without a matching record).</summary>
    public FlowForgeProject? FlowForge { get; set; }
}

public sealed class TargetRun
{
    public string Target { get; set; } = "";
    public List<string> Reasons { get; set; } = new();
}

public sealed class FlowForgeProject
{
    public string Summary { get; set; } = "";
    public bool FirstBuild { get; set; }
    public int Inputs { get; set; }
    public List<ChangedFile> Changed { get; set; } = new();
    /// <summary>The compile gate's decision (skipped, restored, compiled, not-gated), when the gate ran.</summary>
    public string? Decision { get; set; }
    public List<string> Reasons { get; set; } = new();
    public string? Fingerprint { get; set; }
    public string? CacheResult { get; set; }
    public string? CacheSource { get; set; }
    public long BytesRestored { get; set; }
    public double? CompileMsSaved { get; set; }
}

public sealed class ChangedFile
{
    public string Path { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Change { get; set; } = "";
    /// <summary>For large files split into chunks: the changed members/chunks.</summary>
    public List<string>? ChangedMembers { get; set; }
}

public sealed class FlowForgeTotals
{
    /// <summary>Project builds FlowForge checked in this build: those with a record written by this build, and those whose
    /// check MSBuild skipped because nothing was newer than the last one (no record then; counted as compiles skipped).</summary>
    public int Records { get; set; }
    public int InputsChecked { get; set; }
    public int InputsChanged { get; set; }
    /// <summary>True when at least one record has a compile-gate section.</summary>
    public bool GateActive { get; set; }
    public int CompilesSkipped { get; set; }
    public int CompilesRestored { get; set; }
    public int Compiled { get; set; }
    public int NotGated { get; set; }
    public bool CacheActive { get; set; }
    public int CacheHits { get; set; }
    public int CacheMisses { get; set; }
    /// <summary>Hits / (hits + misses), null without cache lookups.</summary>
    public double? CacheHitRate { get; set; }
    public long BytesRestored { get; set; }
    public long BytesStored { get; set; }
    /// <summary>Sum of the original compile times of restored outputs (an estimate of the time saved).</summary>
    public double TimeSavedMs { get; set; }
    public double ChangeDetectionMs { get; set; }
}

public sealed class GitSummary
{
    public string? Commit { get; set; }
    public string? ShortCommit { get; set; }
    public string? Branch { get; set; }
    public string? Dirty { get; set; }
    public string? CommitDate { get; set; }
    public string? Describe { get; set; }
    public string? IsShallow { get; set; }
}

public sealed class BuildFlag
{
    /// <summary>compiler-server-disabled, not-deterministic, never-no-op.</summary>
    public string Kind { get; set; } = "";
    public string Message { get; set; } = "";
    public List<string> Projects { get; set; } = new();
}

public sealed class BuildDiagnostic
{
    public string Severity { get; set; } = "";
    public string? Code { get; set; }
    public string Message { get; set; } = "";
    public string? File { get; set; }
    public int Line { get; set; }
    public string? Project { get; set; }
}

/// <summary>One project build on one MSBuild node: a bar of the HTML timeline.</summary>
public sealed class TimelineBar
{
    public int Node { get; set; }
    public string Project { get; set; } = "";
    public string? TargetFramework { get; set; }
    public double StartMs { get; set; }
    public double EndMs { get; set; }
    public bool Critical { get; set; }
    /// <summary>The parts of this bar on the critical path, as [startMs, endMs] pairs.</summary>
    public List<double[]> CriticalSpans { get; set; } = new();
}
