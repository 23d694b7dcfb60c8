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
    /// <summary>Where the wall time went: restore, evaluation, execution, FlowForge's own steps.</summary>
    public WallTime Time { get; set; } = new();
    /// <summary>Per MSBuild node: how busy it was and how many compiles it ran.</summary>
    public List<NodeUse> Nodes { get; set; } = new();
    /// <summary>Time ready project builds waited for a free node (never billed to a project).</summary>
    public Queueing Queueing { get; set; } = new();
    /// <summary>A plain-words diagnosis when scheduling, not work, set the wall time; null otherwise.</summary>
    public string? Scheduling { get; set; }
    /// <summary>Slowest analyzers and source generators (<c>-p:ReportAnalyzer=true</c>); empty without that report.</summary>
    public List<NamedTiming> Analyzers { get; set; } = new();
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
    /// <summary>Distinct project files built (solutions, metaprojects and FlowForge's helper project not counted).</summary>
    public int Projects { get; set; }
    /// <summary>Projects × target frameworks built (the unit every other count uses: <see cref="ProjectsRebuilt"/>,
    /// <c>projects[]</c>, the critical path). A multi-targeted project's outer build is not one of them.</summary>
    public int TargetFrameworkBuilds { get; set; }
    /// <summary>FlowForge's own helper projects built (the once-per-build git read), not counted as projects.</summary>
    public int HelperProjects { get; set; }
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
    /// <summary>Projects × target frameworks that did work (an incremental target ran, files were copied, or FlowForge
    /// compiled/restored).</summary>
    public int ProjectsRebuilt { get; set; }
    /// <summary>Compiles that ran (the compiler task) and how many of them failed.</summary>
    public int Compiles { get; set; }
    public int CompilesFailed { get; set; }
    /// <summary>The .NET SDK version the build used (NETCoreSdkVersion), when the log has it.</summary>
    public string? SdkVersion { get; set; }
    /// <summary>Global properties of the top-level build request (command-line -p: values and what dotnet build adds).</summary>
    public Dictionary<string, string> GlobalProperties { get; set; } = new();
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
    /// <summary>Its own execution when it is on the critical path, else 0.</summary>
    public double CriticalMs { get; set; }
    /// <summary>Time it was ready but waited for a free node (not part of its exclusive time).</summary>
    public double QueuedMs { get; set; }
    public bool Rebuilt { get; set; }
    public bool Succeeded { get; set; } = true;
    /// <summary>FlowForge's compile decision in this build (skipped, restored, compiled, failed, not-gated), when it ran.</summary>
    public string? Decision { get; set; }
    /// <summary>The compiler ran and failed.</summary>
    public bool CompileFailed { get; set; }
    /// <summary>Its slowest targets by exclusive time (the HTML drill-down).</summary>
    public List<NamedTiming> Targets { get; set; } = new();
    /// <summary>Its slowest tasks.</summary>
    public List<NamedTiming> Tasks { get; set; } = new();
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

/// <summary>
/// The longest chain through the project-reference graph, each project (per target framework) weighted by its own
/// execution: what the build would take with unlimited nodes and no restore or evaluation.
/// </summary>
public sealed class CriticalPath
{
    /// <summary>Sum of the steps' own execution: the lower bound of the execution time with unlimited nodes.</summary>
    public double TotalMs { get; set; }
    /// <summary>The build's wall time, beside the bound.</summary>
    public double WallMs { get; set; }
    /// <summary>Wall time of the execution phase (after restore): the span the bound compares with.</summary>
    public double ExecutionWallMs { get; set; }
    /// <summary>Steps from the bottom of the graph (built first) to the top; each references the one before it.</summary>
    public List<CriticalPathStep> Steps { get; set; } = new();
}

public sealed class CriticalPathStep
{
    public string Project { get; set; } = "";
    public string? TargetFramework { get; set; }
    /// <summary>When its build started and ended (ms since the build's start).</summary>
    public double StartMs { get; set; }
    public double EndMs { get; set; }
    /// <summary>Its own execution (exclusive time): never more than it executed.</summary>
    public double Ms { get; set; }
    /// <summary>Time it was ready but waited for a node (reported, not part of <see cref="Ms"/>).</summary>
    public double QueuedMs { get; set; }
}

public sealed class WallTime
{
    public double WallMs { get; set; }
    /// <summary>NuGet restore (dotnet build's implicit restore), evaluations included.</summary>
    public double RestoreMs { get; set; }
    /// <summary>Wall time when only evaluation ran (no project executing).</summary>
    public double EvaluationMs { get; set; }
    /// <summary>Wall time when at least one project build was executing.</summary>
    public double ExecutionMs { get; set; }
    /// <summary>The rest: start-up, node launch, scheduling, logging at the end.</summary>
    public double OtherMs { get; set; }
    /// <summary>All evaluations of the build proper (not restore's), summed over nodes, and how many.</summary>
    public double EvaluationTotalMs { get; set; }
    public int Evaluations { get; set; }
    public List<EvaluationTiming> SlowestEvaluations { get; set; } = new();
    /// <summary>FlowForge's own tasks and helper project, summed over nodes (part of the execution).</summary>
    public double FlowForgeMs { get; set; }
}

public sealed class EvaluationTiming
{
    public string Project { get; set; } = "";
    public int Node { get; set; }
    public double StartMs { get; set; }
    public double Ms { get; set; }
}

public sealed class NodeUse
{
    public int Node { get; set; }
    /// <summary>Time the node ran project builds or evaluations.</summary>
    public double BusyMs { get; set; }
    /// <summary>BusyMs / execution wall time (after restore).</summary>
    public double BusyShare { get; set; }
    public int Compiles { get; set; }
    public int ProjectBuilds { get; set; }
}

public sealed class Queueing
{
    public double TotalMs { get; set; }
    /// <summary>The project builds that waited longest for a node.</summary>
    public List<QueuedProject> Projects { get; set; } = new();
}

public sealed class QueuedProject
{
    public string Project { get; set; } = "";
    public string? TargetFramework { get; set; }
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
    /// <summary>Compiles FlowForge let run that failed (not counted in <see cref="Compiled"/>).</summary>
    public int CompilesFailed { get; set; }
    /// <summary>Where the records came from: "binlog" (logged by the build itself), "disk" (obj/ records written during
    /// this build's time span), "mixed", or null without records.</summary>
    public string? Source { get; set; }
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
    /// <summary>True when at least one record has a project-skip section (FlowForgeProjectSkip=true).</summary>
    public bool ProjectSkipActive { get; set; }
    /// <summary>Project builds that project skip skipped whole: none of their build targets ran.</summary>
    public int ProjectsSkipped { get; set; }
    /// <summary>Project builds project skip let run (an input or output changed, or no previous build recorded).</summary>
    public int ProjectsBuilt { get; set; }
    /// <summary>Project builds project skip stood aside for (it cannot model their build).</summary>
    public int ProjectsNotEligible { get; set; }
    /// <summary>Sum, over the skipped project builds, of how long the real build each replaces took (an estimate).</summary>
    public double ProjectSkipTimeSavedMs { get; set; }
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
    public int Column { get; set; }
    /// <summary>The project file that reported it, and the target framework of that build.</summary>
    public string? Project { get; set; }
    public string? TargetFramework { get; set; }
}

/// <summary>One project build (or, with <see cref="Kind"/>, a restore or evaluation) on one MSBuild node: a bar of the HTML timeline.</summary>
public sealed class TimelineBar
{
    /// <summary>"build" (default), "restore" or "evaluation".</summary>
    public string Kind { get; set; } = "build";
    public int Node { get; set; }
    public string Project { get; set; } = "";
    public string? TargetFramework { get; set; }
    public double StartMs { get; set; }
    public double EndMs { get; set; }
    public bool Critical { get; set; }
    /// <summary>Failed, or did work (for colouring).</summary>
    public bool Failed { get; set; }
    /// <summary>When it executed (outside its waits for other projects), as [startMs, endMs] pairs; empty for restore and evaluation.</summary>
    public List<double[]> Spans { get; set; } = new();
    /// <summary>The parts of this bar on the critical path (its own execution), as [startMs, endMs] pairs.</summary>
    public List<double[]> CriticalSpans { get; set; } = new();
}
