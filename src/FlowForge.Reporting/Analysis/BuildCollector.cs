using System.Collections;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Build.Framework;

namespace FlowForge.Reporting.Analysis;

/// <summary>
/// Consumes a build's events one at a time (as the binlog streams them) and keeps only what the report needs:
/// one small object per project build, aggregates per target and task name, the incrementality messages of
/// targets that ran, and a bounded list of diagnostics. Memory grows with the number of project builds, not
/// with the size of the log.
/// </summary>
internal sealed partial class BuildCollector
{
    // The per-event methods run hundreds of thousands of times in a process that lives a second or two: they are
    // compiled optimized at once (AggressiveOptimization) rather than starting in tier-0 code.

    private const int MaxDiagnostics = 200;
    private const int MaxReasonsPerTarget = 3;
    private const int MaxCopiedExamples = 5;

    private DateTime? _origin;
    private readonly Dictionary<int, ProjectInstance> _projects = new();
    private readonly Dictionary<int, EvaluationInfo> _evaluations = new();
    private readonly Dictionary<int, EvaluationSpan> _evaluationSpans = new();
    private readonly Dictionary<(int Project, int Target), OpenTarget> _openTargets = new();
    private readonly Dictionary<(int Project, int Task), OpenTask> _openTasks = new();

    public DateTime? StartedUtc { get; private set; }
    public double? EndMs { get; private set; }
    public bool? Succeeded { get; private set; }
    public double LastEventMs { get; private set; }
    public IReadOnlyDictionary<int, ProjectInstance> Projects => _projects;
    public IReadOnlyDictionary<int, EvaluationInfo> Evaluations => _evaluations;
    /// <summary>When and where each evaluation ran (ProjectEvaluationStarted … Finished).</summary>
    public IReadOnlyDictionary<int, EvaluationSpan> EvaluationSpans => _evaluationSpans;
    /// <summary>Analyzer and source-generator times reported by the compiler (<c>-p:ReportAnalyzer=true</c>), summed per name.</summary>
    public Dictionary<string, Aggregate> Analyzers { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Aggregate> Targets { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Aggregate> Tasks { get; } = new(StringComparer.Ordinal);
    public HashSet<int> Nodes { get; } = new();
    public int TargetsRun { get; private set; }
    public int TargetsSkippedUpToDate { get; private set; }
    public int TargetsSkippedByCondition { get; private set; }
    public int TasksRun { get; private set; }
    public int Errors { get; private set; }
    public int Warnings { get; private set; }
    public List<Model.BuildDiagnostic> Diagnostics { get; } = new();
    /// <summary>FlowForgeGit* values, from evaluations or from "Set Property" messages of FlowForge's git target.</summary>
    public Dictionary<string, string> Git { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Per evaluation: the value of the UseSharedCompilation environment variable, when the evaluation read it.</summary>
    public Dictionary<int, string> EnvironmentUseSharedCompilation { get; } = new();
    /// <summary>The global properties of the first top-level build request (the command line's -p: values, Configuration…).</summary>
    public Dictionary<string, string>? TopLevelGlobalProperties { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(BuildEventArgs e)
    {
        var at = Milliseconds(e.Timestamp);
        if (at > LastEventMs) LastEventMs = at;
        var context = e.BuildEventContext;
        switch (e)
        {
            case BuildStartedEventArgs:
                StartedUtc = ToUtc(e.Timestamp);
                break;
            case BuildFinishedEventArgs finished:
                EndMs = at;
                Succeeded = finished.Succeeded;
                break;
            case ProjectEvaluationStartedEventArgs evaluationStarted when context is not null:
                _evaluationSpans[context.EvaluationId] = new EvaluationSpan(evaluationStarted.ProjectFile ?? "", context.NodeId, at);
                break;
            case ProjectEvaluationFinishedEventArgs evaluation when context is not null:
                _evaluations[context.EvaluationId] = EvaluationInfo.From(evaluation.ProjectFile, Pairs(evaluation.Properties), Git);
                if (_evaluationSpans.TryGetValue(context.EvaluationId, out var span)) span.End = at;
                break;
            case ProjectStartedEventArgs started when context is not null:
                OnProjectStarted(started, context, at);
                break;
            case ProjectFinishedEventArgs finished when context is not null:
                if (_projects.TryGetValue(context.ProjectContextId, out var project))
                {
                    project.End = at;
                    project.Succeeded = finished.Succeeded;
                }
                break;
            case TargetStartedEventArgs target when context is not null:
                _openTargets[(context.ProjectContextId, context.TargetId)] = new OpenTarget(target.TargetName, at);
                break;
            case TargetFinishedEventArgs target when context is not null:
                OnTargetFinished(target, context, at);
                break;
            case TargetSkippedEventArgs skipped:
                if (skipped.SkipReason == TargetSkipReason.OutputsUpToDate) TargetsSkippedUpToDate++;
                else if (skipped.SkipReason == TargetSkipReason.ConditionWasFalse) TargetsSkippedByCondition++;
                break;
            case TaskStartedEventArgs task when context is not null:
                _openTasks[(context.ProjectContextId, context.TaskId)] = new OpenTask(task.TaskName, at, context.TargetId)
                {
                    LogsFacts = task.TaskName == "Copy" || task.TaskFile?.Contains("FlowForge", StringComparison.OrdinalIgnoreCase) == true,
                    IsCompiler = task.TaskName is "Csc" or "Vbc" or "Fsc",
                };
                break;
            case TaskFinishedEventArgs task when context is not null:
                OnTaskFinished(task, context, at);
                break;
            case TaskParameterEventArgs parameter when context is not null:
                OnTaskParameter(parameter, context);
                break;
            case BuildErrorEventArgs error:
                Errors++;
                AddDiagnostic("error", error.Code, error.Message, error.File, error.LineNumber, error.ColumnNumber, error.ProjectFile, context);
                break;
            case BuildWarningEventArgs warning:
                Warnings++;
                AddDiagnostic("warning", warning.Code, warning.Message, warning.File, warning.LineNumber, warning.ColumnNumber, warning.ProjectFile, context);
                break;
            case TaskCommandLineEventArgs:
                break;
            case EnvironmentVariableReadEventArgs read when context is not null && read.EnvironmentVariableName == "UseSharedCompilation":
                // Properties that come from the environment are not in the logged evaluation properties; the read is.
                EnvironmentUseSharedCompilation[context.EvaluationId] = read.Message ?? "";
                break;
            case BuildMessageEventArgs message when context is not null && context.TargetId >= 0 && WantsText(context):
                if (message.Message is { } text) OnMessage(text, context);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OnProjectStarted(ProjectStartedEventArgs started, BuildEventContext context, double at)
    {
        if (context.NodeId >= 0) Nodes.Add(context.NodeId);
        string? tfm = null;
        var restore = false;
        if (started.GlobalProperties is { } globals)
        {
            if (globals.TryGetValue("TargetFramework", out var value) && value.Length > 0) tfm = value;
            // NuGet's restore runs as its own build request (dotnet build's implicit -restore) with this property.
            restore = globals.ContainsKey("MSBuildRestoreSessionId");
            if (ParentOf(started) < 0 && !restore && TopLevelGlobalProperties is null) TopLevelGlobalProperties = new(globals, StringComparer.OrdinalIgnoreCase);
        }
        if (tfm is null && _evaluations.TryGetValue(context.EvaluationId, out var evaluation)) tfm = evaluation.TargetFramework;
        _projects[context.ProjectContextId] = new ProjectInstance
        {
            ContextId = context.ProjectContextId,
            ParentContextId = ParentOf(started),
            File = started.ProjectFile ?? "",
            NodeId = context.NodeId,
            EvaluationId = context.EvaluationId,
            TargetFramework = tfm,
            Start = at,
            IsRestore = restore || _projects.TryGetValue(ParentOf(started), out var parent) && parent.IsRestore,
        };
    }

    private static int ParentOf(ProjectStartedEventArgs started) => started.ParentProjectBuildEventContext?.ProjectContextId ?? -1;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OnTargetFinished(TargetFinishedEventArgs target, BuildEventContext context, double at)
    {
        if (!_openTargets.Remove((context.ProjectContextId, context.TargetId), out var open)) return;
        TargetsRun++;
        var duration = Math.Max(0, at - open.Start);
        Aggregate.Add(Targets, target.TargetName, duration, Math.Max(0, duration - open.WaitMs));
        if (!_projects.TryGetValue(context.ProjectContextId, out var project)) return;
        if (open.Reasons is not null) project.WorkTargets.Add(new Model.TargetRun { Target = open.Name, Reasons = open.Reasons });
        if (!target.Succeeded && open.Name == "CoreCompile") project.CompileFailed = true;
        project.AddTarget(open.Name, open.Start, at, Math.Max(0, duration - open.WaitMs));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OnTaskFinished(TaskFinishedEventArgs task, BuildEventContext context, double at)
    {
        if (!_openTasks.Remove((context.ProjectContextId, context.TaskId), out var open)) return;
        TasksRun++;
        var duration = Math.Max(0, at - open.Start);
        // MSBuild and CallTarget only wait for other builds (counted where they run); everything else is work.
        var waits = open.Name is "MSBuild" or "CallTarget";
        if (!waits) Aggregate.Add(Tasks, open.Name, duration, duration);
        if (!waits && _projects.TryGetValue(context.ProjectContextId, out var running))
        {
            running.AddTask(open.Name, duration);
            if (open.IsCompiler)
            {
                running.Compiled = true;
                if (!task.Succeeded) running.CompileFailed = true;
            }
            if (open.LogsFacts && open.Name != "Copy") running.FlowForgeTaskMs += duration;
        }
        if (waits && _openTargets.TryGetValue((context.ProjectContextId, open.TargetId), out var target)) target.WaitMs += duration;
        if (open.Name == "MSBuild" && _projects.TryGetValue(context.ProjectContextId, out var project))
            project.Waits.Add(new Wait(new Interval(open.Start, at), (IReadOnlyCollection<string>?)open.RequestedProjects ?? Array.Empty<string>()));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OnTaskParameter(TaskParameterEventArgs parameter, BuildEventContext context)
    {
        if (parameter.Kind != TaskParameterMessageKind.TaskInput) return;
        if (parameter.ItemType is "UseSharedCompilation" or "Deterministic")
        {
            // The compiler task's settings, whatever set them (project, Directory.Build.props, environment).
            if (_projects.TryGetValue(context.ProjectContextId, out var compiling) && parameter.Items is { Count: > 0 } values)
            {
                var value = values[0] is ITaskItem item ? item.ItemSpec : values[0]?.ToString();
                if (parameter.ItemType == "UseSharedCompilation") compiling.UseSharedCompilation = value;
                else compiling.Deterministic = value;
            }
            return;
        }
        // The MSBuild task's Projects: which project builds a wait depends on (the critical path follows them).
        if (parameter.ItemType != "Projects") return;
        if (!_openTasks.TryGetValue((context.ProjectContextId, context.TaskId), out var task) || task.Name != "MSBuild") return;
        if (!_projects.TryGetValue(context.ProjectContextId, out var project) || parameter.Items is null) return;
        var directory = Path.GetDirectoryName(project.File) ?? "";
        task.RequestedProjects ??= new HashSet<string>(PathComparer);
        foreach (var item in parameter.Items)
        {
            var spec = item is ITaskItem taskItem ? taskItem.ItemSpec : item?.ToString();
            if (string.IsNullOrEmpty(spec)) continue;
            try { task.RequestedProjects.Add(Path.GetFullPath(spec.Replace('\\', Path.DirectorySeparatorChar), directory)); }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException) { }
        }
    }

    /// <summary>
    /// Formatting a message's text is the costly part of reading a binlog: only messages that can matter are formatted —
    /// those of targets themselves (incrementality reasons, "Set Property"), of Copy, and of FlowForge's own tasks.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool WantsText(BuildEventContext context) =>
        context.TaskId < 0 || _openTasks.TryGetValue((context.ProjectContextId, context.TaskId), out var task) && (task.LogsFacts || task.IsCompiler);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OnMessage(string text, BuildEventContext context)
    {
        if (context.TaskId >= 0 && _openTasks.TryGetValue((context.ProjectContextId, context.TaskId), out var task) && task.IsCompiler)
        {
            task.AnalyzerSection = AnalyzerReport.Read(text, task.AnalyzerSection, Analyzers);
            return;
        }
        if (text.StartsWith(Core.Records.ProjectRecordLog.Prefix, StringComparison.Ordinal))
        {
            // The record FlowForge wrote for this build, logged as data: the last one of a project build wins (the
            // compile's own record follows the gate's).
            if (Core.Records.ProjectRecordLog.TryParse(text) is { } logged && _projects.TryGetValue(context.ProjectContextId, out var owner))
                owner.LoggedRecord = logged;
            return;
        }
        if (text.StartsWith("FlowForge: ", StringComparison.Ordinal))
        {
            if (_projects.TryGetValue(context.ProjectContextId, out var project)) project.FlowForgeLine = text["FlowForge: ".Length..];
            return;
        }
        if (text.StartsWith("Set Property: FlowForgeGit", StringComparison.Ordinal))
        {
            var pair = text["Set Property: ".Length..];
            var equals = pair.IndexOf('=');
            if (equals > 0 && equals < pair.Length - 1) Git.TryAdd(pair[..equals], pair[(equals + 1)..]);
            return;
        }
        if (!_openTargets.TryGetValue((context.ProjectContextId, context.TargetId), out var target)) return;
        if (text.StartsWith("Building target \"", StringComparison.Ordinal))
        {
            // "Building target "X" completely." / "partially": an incremental target runs. Reasons follow as messages.
            if (!AlwaysRunTargets.Contains(target.Name)) target.Reasons ??= new List<string>();
            if (text.Contains("partially", StringComparison.Ordinal)) target.Reasons?.Add("partially: some outputs are out of date");
            return;
        }
        if (target.Reasons is not null && target.Reasons.Count < MaxReasonsPerTarget && IsIncrementalityReason(text))
        {
            target.Reasons.Add(text.Trim());
            return;
        }
        if (text.StartsWith("Copying file from ", StringComparison.Ordinal) && _projects.TryGetValue(context.ProjectContextId, out var copying))
        {
            copying.FilesCopied++;
            if (copying.CopiedExamples.Count < MaxCopiedExamples && CopiedTo().Match(text) is { Success: true } m)
                copying.CopiedExamples.Add(Path.GetFileName(m.Groups[1].Value));
        }
    }

    private static bool IsIncrementalityReason(string text) =>
        text.StartsWith("Input file ", StringComparison.Ordinal)
        || text.StartsWith("Output file ", StringComparison.Ordinal)
        || text.StartsWith("All outputs are up-to-date", StringComparison.Ordinal)
        || text.Contains("is newer than output file", StringComparison.Ordinal)
        || text.Contains("does not exist", StringComparison.Ordinal) && text.Contains("file", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("to \"([^\"]+)\"")]
    private static partial Regex CopiedTo();

    private void AddDiagnostic(string severity, string? code, string? message, string? file, int line, int column, string? project, BuildEventContext? context)
    {
        if (Diagnostics.Count >= MaxDiagnostics) return;
        ProjectInstance? instance = null;
        if (context is not null) _projects.TryGetValue(context.ProjectContextId, out instance);
        if (string.IsNullOrEmpty(project)) project = instance?.File;
        Diagnostics.Add(new Model.BuildDiagnostic
        {
            Severity = severity, Code = string.IsNullOrEmpty(code) ? null : code, Message = message ?? "",
            File = string.IsNullOrEmpty(file) ? null : file, Line = line, Column = column,
            Project = string.IsNullOrEmpty(project) ? null : project,
            TargetFramework = instance?.TargetFramework,
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Milliseconds(DateTime timestamp)
    {
        if (timestamp == default) return LastEventMs;
        // All events of a binlog carry the same kind of timestamp: subtract ticks, convert only when the kinds differ.
        _origin ??= timestamp;
        if (timestamp.Kind == _origin.Value.Kind) return (timestamp.Ticks - _origin.Value.Ticks) / (double)TimeSpan.TicksPerMillisecond;
        return (ToUtc(timestamp) - ToUtc(_origin.Value)).TotalMilliseconds;
    }

    private static DateTime ToUtc(DateTime t) => t.Kind == DateTimeKind.Utc ? t : t.ToUniversalTime();

    /// <summary>Evaluation properties arrive as DictionaryEntry or KeyValuePair depending on the binlog version.</summary>
    internal static IEnumerable<KeyValuePair<string, string>> Pairs(IEnumerable? properties)
    {
        if (properties is null) yield break;
        foreach (var p in properties)
        {
            if (p is KeyValuePair<string, string> kv) yield return kv;
            else if (p is DictionaryEntry { Key: string key } entry) yield return new(key, entry.Value?.ToString() ?? "");
        }
    }

    public static StringComparer PathComparer => OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    private sealed class OpenTarget(string name, double start)
    {
        public string Name { get; } = name;
        public double Start { get; } = start;
        public double WaitMs { get; set; }
        /// <summary>Non-null once MSBuild said this incremental target runs.</summary>
        public List<string>? Reasons { get; set; }
    }

    private sealed class OpenTask(string name, double start, int targetId)
    {
        public string Name { get; } = name;
        public double Start { get; } = start;
        public int TargetId { get; } = targetId;
        public HashSet<string>? RequestedProjects { get; set; }
        /// <summary>Copy, or a task declared in FlowForge's targets: its messages are read.</summary>
        public bool LogsFacts { get; init; }
        /// <summary>Csc (or Vbc/Fsc): a compile ran; its analyzer report (<c>ReportAnalyzer</c>) is read.</summary>
        public bool IsCompiler { get; init; }
        /// <summary>Which table of the compiler's analyzer report the next lines belong to.</summary>
        public AnalyzerReport.Section AnalyzerSection { get; set; }
    }
}

/// <summary>Run count and times of one target or task name over the whole build.</summary>
internal sealed class Aggregate
{
    public int Count { get; private set; }
    public double InclusiveMs { get; private set; }
    public double ExclusiveMs { get; private set; }

    public static void Add(Dictionary<string, Aggregate> into, string name, double inclusive, double exclusive)
    {
        if (!into.TryGetValue(name, out var a)) into[name] = a = new Aggregate();
        a.Count++;
        a.InclusiveMs += inclusive;
        a.ExclusiveMs += exclusive;
    }
}
