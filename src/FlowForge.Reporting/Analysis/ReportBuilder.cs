using FlowForge.Core.Records;
using FlowForge.Reporting.Model;

namespace FlowForge.Reporting.Analysis;

/// <summary>Turns what <see cref="BuildCollector"/> kept, plus the projects' FlowForge records, into a <see cref="BuildReport"/>.</summary>
internal static class ReportBuilder
{
    public static BuildReport Build(BuildCollector c, string binlog, int fileFormatVersion, List<string> readerWarnings, int top)
    {
        var wall = c.EndMs ?? c.LastEventMs;
        var instances = c.Projects.Values.ToList();
        foreach (var open in instances.Where(p => !p.Finished)) open.End = wall; // a failed/cancelled build: charge until the end

        var report = new BuildReport { Binlog = binlog, FileFormatVersion = fileFormatVersion, ReaderWarnings = readerWarnings };
        var units = ProjectUnit.Group(instances);
        ReferenceGraph.Link(units);
        var path = ReferenceGraph.CriticalPath(units);
        var onPath = path.ToHashSet();
        var queued = QueueTime.Compute(instances, c.EvaluationSpans);
        var accounting = WallTimeAccounting.Compute(instances, c.EvaluationSpans, wall);

        var flags = new FlagCollector();
        var fromBinlog = 0;
        var fromDisk = 0;
        // A FlowForge that logs its records (every version since structured records) logged one for each project that
        // wrote one in this build, so a record on disk for a project without one is another build's: seen when this
        // build failed before a project's gate ran (a broken reference), within a second of the build that wrote it.
        var recordsLogged = instances.Any(p => p.LoggedRecord is not null);
        foreach (var unit in units.Where(u => u.Kind == UnitKind.Project))
        {
            var list = unit.Instances;
            var name = unit.Name;
            var tfm = unit.TargetFramework;
            var timing = new ProjectTiming
            {
                Name = name, Path = unit.File, TargetFramework = tfm,
                Nodes = list.Select(p => p.NodeId).Distinct().Order().ToList(),
                StartMs = Round(unit.Start), EndMs = Round(unit.End),
                InclusiveMs = Round(list.Sum(p => p.Duration)), ExclusiveMs = Round(unit.OwnMs),
                CriticalMs = onPath.Contains(unit) ? Round(unit.OwnMs) : 0,
                QueuedMs = Round(list.Sum(p => queued.GetValueOrDefault(p))),
                Succeeded = list.All(p => p.Succeeded),
                CompileFailed = list.Any(p => p.CompileFailed),
                Targets = TopTargets(list, 15),
                Tasks = list.SelectMany(p => p.TaskMs).GroupBy(t => t.Key).Select(g => new NamedTiming { Name = g.Key, Count = g.Count(), InclusiveMs = Round(g.Sum(t => t.Value)), ExclusiveMs = Round(g.Sum(t => t.Value)) })
                    .OrderByDescending(t => t.ExclusiveMs).ThenBy(t => t.Name, StringComparer.Ordinal).Take(10).ToList(),
            };
            var evaluation = list.Select(p => c.Evaluations.GetValueOrDefault(p.EvaluationId)).FirstOrDefault(e => e?.IntermediateOutputPath is not null)
                             ?? list.Select(p => c.Evaluations.GetValueOrDefault(p.EvaluationId)).FirstOrDefault(e => e is not null);
            var evaluationIds = list.Select(p => p.EvaluationId).ToList();
            flags.Note(
                list.Select(p => p.UseSharedCompilation).FirstOrDefault(v => v is not null) ?? evaluation?.UseSharedCompilation
                    ?? evaluationIds.Select(id => c.EnvironmentUseSharedCompilation.GetValueOrDefault(id)).FirstOrDefault(v => v is not null),
                list.Select(p => p.Deterministic).FirstOrDefault(v => v is not null) ?? evaluation?.Deterministic,
                unit.Label);

            // The record this build logged is the truth; a record on disk only when the build logged none at all
            // (FlowForge versions before structured records) and it was provably written by this build.
            var record = list.Select(p => p.LoggedRecord).LastOrDefault(r => r is not null);
            Dictionary<string, List<string>> members = new();
            if (record is not null)
            {
                fromBinlog++;
                members = record.Inputs.Changed.Where(i => i.ChangedMembers is { Count: > 0 }).GroupBy(i => i.Path).ToDictionary(g => g.Key, g => g.First().ChangedMembers!);
            }
            else if (!recordsLogged && evaluation?.RecordFile() is { } recordFile && tfm is not null)
            {
                record = RecordReader.Load(recordFile, c.StartedUtc, wall, list.Select(p => p.FlowForgeLine).FirstOrDefault(l => l is not null), readerWarnings, out members);
                if (record is not null) fromDisk++;
            }
            var compileFailed = timing.CompileFailed;
            var quickChecked = list.Any(p => p.FlowForgeLine == Core.Changes.ChangeReport.NothingNewerSummary);
            if (record is not null) AddTotals(report.FlowForge, record, flags, unit.Label, compileFailed);
            // The gate's quick check wrote no record; project skip may have logged one with its section only.
            if (record?.Compile is null && quickChecked) AddQuickCheck(report.FlowForge, counted: record is not null);
            var skippedWhole = record?.ProjectSkip?.Decision == ProjectRecord.ProjectSkipSection.SkippedDecision;
            timing.Decision = compileFailed && record?.Compile is not null ? FailedDecision
                : record?.Compile?.Decision ?? (quickChecked || skippedWhole ? ProjectRecord.Decisions.Skipped : null);

            var workTargets = list.SelectMany(p => p.WorkTargets).ToList();
            var copied = list.Sum(p => p.FilesCopied);
            var flowForgeDidWork = record?.Compile?.Decision is ProjectRecord.Decisions.Compiled or ProjectRecord.Decisions.Restored;
            timing.Rebuilt = workTargets.Count > 0 || copied > 0 || flowForgeDidWork || compileFailed;
            if (timing.Rebuilt)
            {
                var why = new ProjectWhy
                {
                    Project = name, Path = unit.File, TargetFramework = tfm,
                    Targets = workTargets, FilesCopied = copied,
                    CopiedExamples = list.SelectMany(p => p.CopiedExamples).Distinct().Take(5).ToList(),
                    FlowForge = record is null ? FromLogLine(list) : RecordReader.ToReport(record, members),
                };
                if (compileFailed && why.FlowForge is { Decision: not null } failed) failed.Decision = FailedDecision;
                report.Rebuilt.Add(why);
            }
            report.Projects.Add(timing);
        }
        report.FlowForge.Source = fromBinlog + fromDisk == 0 ? null : fromDisk == 0 ? "binlog" : fromBinlog == 0 ? "disk" : "mixed";

        var projectUnits = units.Where(u => u.Kind == UnitKind.Project).ToList();
        var sdk = c.Evaluations.Values.Select(e => e.SdkVersion).FirstOrDefault(v => v is not null);
        report.Summary = new BuildSummary
        {
            StartedUtc = c.StartedUtc is { } s ? new DateTimeOffset(s, TimeSpan.Zero) : null,
            WallMs = Round(wall), Succeeded = c.Succeeded ?? false,
            Projects = projectUnits.Select(u => u.File).Distinct(BuildCollector.PathComparer).Count(),
            TargetFrameworkBuilds = projectUnits.Count,
            HelperProjects = units.Where(u => u.Kind == UnitKind.Helper).Select(u => u.File).Distinct(BuildCollector.PathComparer).Count(),
            ProjectBuilds = instances.Count, Nodes = c.Nodes.Count,
            TargetsRun = c.TargetsRun, TargetsSkippedUpToDate = c.TargetsSkippedUpToDate, TargetsSkippedByCondition = c.TargetsSkippedByCondition,
            TasksRun = c.TasksRun, Errors = c.Errors, Warnings = c.Warnings,
            ProjectsRebuilt = report.Projects.Count(p => p.Rebuilt),
            Compiles = instances.Count(i => !i.IsRestore && i.Compiled),
            CompilesFailed = instances.Count(i => !i.IsRestore && i.CompileFailed),
            SdkVersion = sdk,
            GlobalProperties = c.TopLevelGlobalProperties is { } globals ? new Dictionary<string, string>(globals.OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)) : new(),
        };
        report.Targets = Top(c.Targets, top);
        report.Tasks = Top(c.Tasks, top);
        report.Analyzers = Top(c.Analyzers, top);

        var time = accounting.Time;
        time.WallMs = Round(wall);
        time.FlowForgeMs = Round(instances.Where(i => !i.IsRestore).Sum(i => i.FlowForgeTaskMs) + units.Where(u => u.Kind == UnitKind.Helper).Sum(u => u.OwnMs));
        time.SlowestEvaluations = accounting.BuildEvaluations.OrderByDescending(e => e.Duration).Take(top)
            .Select(e => new EvaluationTiming { Project = DisplayName(e.File), Node = e.Node, StartMs = Round(e.Start), Ms = Round(e.Duration) }).ToList();
        (time.RestoreMs, time.EvaluationMs, time.ExecutionMs, time.OtherMs, time.EvaluationTotalMs) =
            (Round(time.RestoreMs), Round(time.EvaluationMs), Round(time.ExecutionMs), Round(time.OtherMs), Round(time.EvaluationTotalMs));
        report.Time = time;

        var executionWall = Math.Max(0, wall - accounting.ExecutionStart);
        report.Nodes = WallTimeAccounting.Nodes(instances, accounting.BuildEvaluations, accounting.ExecutionStart, wall);
        foreach (var node in report.Nodes) node.BusyMs = Round(node.BusyMs);
        // Projects' queueing only: a solution waiting to hand out the next project is the same wait seen from above.
        var queuedByUnit = projectUnits.Select(u => (Unit: u, Ms: u.Instances.Sum(i => queued.GetValueOrDefault(i)))).Where(q => q.Ms > 0).ToList();
        report.Queueing = new Queueing
        {
            TotalMs = Round(queuedByUnit.Sum(q => q.Ms)),
            Projects = queuedByUnit.OrderByDescending(q => q.Ms).ThenBy(q => q.Unit.Label, StringComparer.Ordinal).Take(top)
                .Select(q => new QueuedProject { Project = q.Unit.Name, TargetFramework = q.Unit.TargetFramework, Ms = Round(q.Ms) }).ToList(),
        };
        report.CriticalPath = new CriticalPath
        {
            TotalMs = Round(path.Sum(u => u.OwnMs)), WallMs = Round(wall), ExecutionWallMs = Round(executionWall),
            Steps = path.Select(u => new CriticalPathStep
            {
                Project = u.Name, TargetFramework = u.TargetFramework, StartMs = Round(u.Start), EndMs = Round(u.End),
                Ms = Round(u.OwnMs), QueuedMs = Round(u.Instances.Sum(i => queued.GetValueOrDefault(i))),
            }).ToList(),
        };
        report.Scheduling = SchedulingDiagnosis.Diagnose(report.Nodes, report.CriticalPath.TotalMs, executionWall, report.Queueing.TotalMs);
        report.Diagnostics = c.Diagnostics;
        report.Git = ToGit(c.Git);
        report.Flags = flags.ToFlags();
        var totals = report.FlowForge;
        if (totals.CacheHits + totals.CacheMisses > 0) totals.CacheHitRate = (double)totals.CacheHits / (totals.CacheHits + totals.CacheMisses);
        report.Timeline = Timeline(instances, units, onPath, accounting, wall);
        return report;
    }

    public const string FailedDecision = "failed";

    /// <summary>
    /// Bars: restore (one), evaluations and project builds per node. Requests answered from MSBuild's results cache take a
    /// millisecond each and, in a deep graph, number in the thousands: they are left out.
    /// </summary>
    private static List<TimelineBar> Timeline(List<ProjectInstance> instances, List<ProjectUnit> units, HashSet<ProjectUnit> onPath, WallTimeAccounting.Result accounting, double wall)
    {
        var shortest = Math.Max(1, wall / 2000);
        var unitOf = units.SelectMany(u => u.Instances.Select(i => (i, u))).ToDictionary(x => x.i, x => x.u);
        var bars = new List<TimelineBar>();
        foreach (var r in accounting.Restore)
            bars.Add(new TimelineBar { Kind = "restore", Node = 0, Project = "restore", StartMs = Round(r.Start), EndMs = Round(r.End) });
        foreach (var e in accounting.BuildEvaluations.Where(e => e.Duration >= shortest))
            bars.Add(new TimelineBar { Kind = "evaluation", Node = e.Node, Project = DisplayName(e.File), StartMs = Round(e.Start), EndMs = Round(e.End) });
        foreach (var p in instances.Where(p => !p.IsRestore && p.Duration >= shortest).OrderBy(p => p.Start))
        {
            var critical = unitOf.TryGetValue(p, out var unit) && onPath.Contains(unit) && unit.Main == p;
            var spans = p.ExecutionSpans().Where(x => x.Length >= shortest / 2).Select(x => new[] { Round(x.Start), Round(x.End) }).ToList();
            bars.Add(new TimelineBar
            {
                Node = p.NodeId, Project = DisplayName(p.File), TargetFramework = p.TargetFramework,
                StartMs = Round(p.Start), EndMs = Round(p.End), Critical = critical, Failed = !p.Succeeded || p.CompileFailed,
                Spans = spans, CriticalSpans = critical ? spans : new List<double[]>(),
            });
        }
        return bars.OrderBy(b => b.StartMs).ToList();
    }

    private static List<NamedTiming> TopTargets(List<ProjectInstance> list, int top) => list.SelectMany(p => p.Targets)
        .GroupBy(t => t.Name, StringComparer.Ordinal)
        .Select(g => new NamedTiming { Name = g.Key, Count = g.Count(), InclusiveMs = Round(g.Sum(t => t.End - t.Start)), ExclusiveMs = Round(g.Sum(t => t.ExclusiveMs)) })
        .OrderByDescending(t => t.ExclusiveMs).ThenBy(t => t.Name, StringComparer.Ordinal).Take(top).ToList();

    private static FlowForgeProject? FromLogLine(List<ProjectInstance> list) =>
        list.Select(p => p.FlowForgeLine).FirstOrDefault(l => l is not null) is { } line ? new FlowForgeProject { Summary = line } : null;

    /// <summary>MSBuild skipped the gate (nothing newer than its last check): checked, compile skipped, no record.</summary>
    private static void AddQuickCheck(FlowForgeTotals totals, bool counted = false)
    {
        if (!counted) totals.Records++;
        totals.GateActive = true;
        totals.CompilesSkipped++;
    }

    // Project skip's outcomes as records spell them (FlowForge.Core.ProjectSkip.ProjectSkipDecision.Outcomes).
    private const string ProjectSkipDecisionOff = Core.ProjectSkip.ProjectSkipDecision.Outcomes.Off;
    private const string ProjectSkipDecisionNotEligible = Core.ProjectSkip.ProjectSkipDecision.Outcomes.NotEligible;

    private static void AddTotals(FlowForgeTotals totals, ProjectRecord record, FlagCollector flags, string label, bool compileFailed)
    {
        totals.Records++;
        totals.InputsChecked += record.Inputs.Count;
        totals.InputsChanged += record.Inputs.Changed.Count;
        totals.ChangeDetectionMs += record.Timings.ChangeDetectionMs;
        if (record.Compile is { } compile)
        {
            totals.GateActive = true;
            switch (compileFailed ? FailedDecision : compile.Decision)
            {
                case FailedDecision: totals.CompilesFailed++; break;
                case ProjectRecord.Decisions.Skipped: totals.CompilesSkipped++; break;
                case ProjectRecord.Decisions.Restored: totals.CompilesRestored++; break;
                case ProjectRecord.Decisions.Compiled: totals.Compiled++; break;
                case ProjectRecord.Decisions.NotGated: totals.NotGated++; break;
            }
            foreach (var change in compile.VolatileProperties) flags.NeverNoOp(change, label);
        }
        if (record.ProjectSkip is { } skip && skip.Decision is not ("" or ProjectSkipDecisionOff))
        {
            totals.ProjectSkipActive = true;
            switch (skip.Decision)
            {
                case ProjectRecord.ProjectSkipSection.SkippedDecision:
                    totals.ProjectsSkipped++;
                    totals.ProjectSkipTimeSavedMs += skip.BuildMsSaved ?? 0;
                    break;
                case ProjectSkipDecisionNotEligible: totals.ProjectsNotEligible++; break;
                default: totals.ProjectsBuilt++; break;
            }
        }
        if (record.Cache is { } cache && cache.Result != "off")
        {
            totals.CacheActive = true;
            if (cache.Result == "hit") { totals.CacheHits++; totals.TimeSavedMs += cache.CompileMsSaved ?? 0; }
            else if (cache.Result is "miss" or "stored" or "queued" or "dropped") totals.CacheMisses++; // queued, dropped: misses stored by the background writer
            totals.BytesRestored += cache.BytesRestored;
            totals.BytesStored += cache.BytesStored;
        }
    }

    private static GitSummary? ToGit(Dictionary<string, string> git)
    {
        if (git.Count == 0) return null;
        string? Get(string name) => git.TryGetValue("FlowForgeGit" + name, out var v) && v.Length > 0 ? v : null;
        var summary = new GitSummary
        {
            Commit = Get("Commit"), ShortCommit = Get("ShortCommit"), Branch = Get("Branch"), Dirty = Get("Dirty"),
            CommitDate = Get("CommitDate"), Describe = Get("Describe"), IsShallow = Get("IsShallow"),
        };
        return summary.Commit is null && summary.Branch is null ? null : summary;
    }

    private static List<NamedTiming> Top(Dictionary<string, Aggregate> aggregates, int top) => aggregates
        .OrderByDescending(a => a.Value.ExclusiveMs).ThenBy(a => a.Key, StringComparer.Ordinal).Take(top)
        .Select(a => new NamedTiming { Name = a.Key, Count = a.Value.Count, InclusiveMs = Round(a.Value.InclusiveMs), ExclusiveMs = Round(a.Value.ExclusiveMs) })
        .ToList();

    public static string DisplayName(string file) => Path.GetFileNameWithoutExtension(file);

    public static string Label(string name, string? tfm) => tfm is null ? name : $"{name} ({tfm})";

    public static double Round(double ms) => Math.Round(ms, 1);
}
