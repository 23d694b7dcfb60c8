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
        var segments = CriticalPathFinder.Find(instances);
        var criticalByInstance = segments.GroupBy(s => s.Project).ToDictionary(g => g.Key, g => g.Sum(s => s.End - s.Start));
        var spansByInstance = segments.Where(s => s.End - s.Start >= 1).GroupBy(s => s.Project)
            .ToDictionary(g => g.Key, g => g.Select(s => new[] { Round(s.Start), Round(s.End) }).ToList());

        var groups = instances.Where(p => !p.IsSolution)
            .GroupBy(p => (p.File, p.TargetFramework))
            .OrderBy(g => g.Min(p => p.Start))
            .ToList();
        var flags = new FlagCollector();
        foreach (var group in groups)
        {
            var list = group.ToList();
            var name = DisplayName(group.Key.File);
            var timing = new ProjectTiming
            {
                Name = name, Path = group.Key.File, TargetFramework = group.Key.TargetFramework,
                Nodes = list.Select(p => p.NodeId).Distinct().Order().ToList(),
                StartMs = Round(list.Min(p => p.Start)), EndMs = Round(list.Max(p => p.End)),
                InclusiveMs = Round(list.Sum(p => p.Duration)), ExclusiveMs = Round(list.Sum(p => p.ExclusiveMs)),
                CriticalMs = Round(list.Sum(p => criticalByInstance.GetValueOrDefault(p))),
                Succeeded = list.All(p => p.Succeeded),
            };
            var evaluation = list.Select(p => c.Evaluations.GetValueOrDefault(p.EvaluationId)).FirstOrDefault(e => e?.IntermediateOutputPath is not null)
                             ?? list.Select(p => c.Evaluations.GetValueOrDefault(p.EvaluationId)).FirstOrDefault(e => e is not null);
            var evaluationIds = list.Select(p => p.EvaluationId).ToList();
            flags.Note(
                list.Select(p => p.UseSharedCompilation).FirstOrDefault(v => v is not null) ?? evaluation?.UseSharedCompilation
                    ?? evaluationIds.Select(id => c.EnvironmentUseSharedCompilation.GetValueOrDefault(id)).FirstOrDefault(v => v is not null),
                list.Select(p => p.Deterministic).FirstOrDefault(v => v is not null) ?? evaluation?.Deterministic,
                Label(name, group.Key.TargetFramework));

            ProjectRecord? record = null;
            Dictionary<string, List<string>> members = new();
            if (evaluation?.RecordFile() is { } recordFile && group.Key.TargetFramework is not null)
                record = RecordReader.Load(recordFile, c.StartedUtc, wall, list.Select(p => p.FlowForgeLine).FirstOrDefault(l => l is not null), readerWarnings, out members);
            if (record is not null) AddTotals(report.FlowForge, record, flags, Label(name, group.Key.TargetFramework));
            else if (list.Any(p => p.FlowForgeLine == Core.Changes.ChangeReport.NothingNewerSummary)) AddQuickCheck(report.FlowForge);

            var workTargets = list.SelectMany(p => p.WorkTargets).ToList();
            var copied = list.Sum(p => p.FilesCopied);
            var flowForgeDidWork = record?.Compile?.Decision is ProjectRecord.Decisions.Compiled or ProjectRecord.Decisions.Restored;
            timing.Rebuilt = workTargets.Count > 0 || copied > 0 || flowForgeDidWork;
            if (timing.Rebuilt)
            {
                report.Rebuilt.Add(new ProjectWhy
                {
                    Project = name, Path = group.Key.File, TargetFramework = group.Key.TargetFramework,
                    Targets = workTargets, FilesCopied = copied,
                    CopiedExamples = list.SelectMany(p => p.CopiedExamples).Distinct().Take(5).ToList(),
                    FlowForge = record is null ? FromLogLine(list) : RecordReader.ToReport(record, members),
                });
            }
            report.Projects.Add(timing);
        }

        report.Summary = new BuildSummary
        {
            StartedUtc = c.StartedUtc is { } s ? new DateTimeOffset(s, TimeSpan.Zero) : null,
            WallMs = Round(wall), Succeeded = c.Succeeded ?? false,
            Projects = groups.Select(g => g.Key.File).Distinct(BuildCollector.PathComparer).Count(),
            ProjectBuilds = instances.Count, Nodes = c.Nodes.Count,
            TargetsRun = c.TargetsRun, TargetsSkippedUpToDate = c.TargetsSkippedUpToDate, TargetsSkippedByCondition = c.TargetsSkippedByCondition,
            TasksRun = c.TasksRun, Errors = c.Errors, Warnings = c.Warnings,
            ProjectsRebuilt = report.Projects.Count(p => p.Rebuilt),
        };
        report.Targets = Top(c.Targets, top);
        report.Tasks = Top(c.Tasks, top);
        report.CriticalPath = ToCriticalPath(segments);
        report.Diagnostics = c.Diagnostics;
        report.Git = ToGit(c.Git);
        report.Flags = flags.ToFlags();
        var totals = report.FlowForge;
        if (totals.CacheHits + totals.CacheMisses > 0) totals.CacheHitRate = (double)totals.CacheHits / (totals.CacheHits + totals.CacheMisses);
        // Project builds answered from MSBuild's results cache take a millisecond each and, in a deep graph, number in the
        // thousands (every project asks for its transitive references): they are left out of the timeline unless critical.
        var shortest = Math.Max(1, wall / 2000);
        report.Timeline = instances.Where(p => p.Duration >= shortest || criticalByInstance.GetValueOrDefault(p) >= 1)
            .OrderBy(p => p.Start)
            .Select(p => new TimelineBar
            {
                Node = p.NodeId, Project = DisplayName(p.File), TargetFramework = p.TargetFramework,
                StartMs = Round(p.Start), EndMs = Round(p.End), Critical = criticalByInstance.GetValueOrDefault(p) >= 1,
                CriticalSpans = spansByInstance.TryGetValue(p, out var spans) ? spans : new List<double[]>(),
            }).ToList();
        return report;
    }

    private static FlowForgeProject? FromLogLine(List<ProjectInstance> list) =>
        list.Select(p => p.FlowForgeLine).FirstOrDefault(l => l is not null) is { } line ? new FlowForgeProject { Summary = line } : null;

    /// <summary>MSBuild skipped the gate (nothing newer than its last check): checked, compile skipped, no record.</summary>
    private static void AddQuickCheck(FlowForgeTotals totals)
    {
        totals.Records++;
        totals.GateActive = true;
        totals.CompilesSkipped++;
    }

    private static void AddTotals(FlowForgeTotals totals, ProjectRecord record, FlagCollector flags, string label)
    {
        totals.Records++;
        totals.InputsChecked += record.Inputs.Count;
        totals.InputsChanged += record.Inputs.Changed.Count;
        totals.ChangeDetectionMs += record.Timings.ChangeDetectionMs;
        if (record.Compile is { } compile)
        {
            totals.GateActive = true;
            switch (compile.Decision)
            {
                case ProjectRecord.Decisions.Skipped: totals.CompilesSkipped++; break;
                case ProjectRecord.Decisions.Restored: totals.CompilesRestored++; break;
                case ProjectRecord.Decisions.Compiled: totals.Compiled++; break;
                case ProjectRecord.Decisions.NotGated: totals.NotGated++; break;
            }
            foreach (var change in compile.VolatileProperties) flags.NeverNoOp(change, label);
        }
        if (record.Cache is { } cache && cache.Result != "off")
        {
            totals.CacheActive = true;
            if (cache.Result == "hit") { totals.CacheHits++; totals.TimeSavedMs += cache.CompileMsSaved ?? 0; }
            else if (cache.Result is "miss" or "stored") totals.CacheMisses++;
            totals.BytesRestored += cache.BytesRestored;
            totals.BytesStored += cache.BytesStored;
        }
    }

    private static CriticalPath ToCriticalPath(List<CriticalPathFinder.Segment> segments)
    {
        var path = new CriticalPath();
        // Slivers (a few ms of a solution handing over to a project) make the path harder to read, not more correct:
        // leave them out of the steps (not of the total), so the work around them reads as one step.
        foreach (var s in segments.Where(s => s.End - s.Start >= 1))
        {
            var project = DisplayName(s.Project.File);
            var last = path.Steps.Count > 0 ? path.Steps[^1] : null;
            if (last is not null && last.Project == project && last.TargetFramework == s.Project.TargetFramework)
            {
                last.EndMs = Round(s.End);
                last.Ms = Round(last.Ms + (s.End - s.Start));
            }
            else
            {
                path.Steps.Add(new CriticalPathStep { Project = project, TargetFramework = s.Project.TargetFramework, StartMs = Round(s.Start), EndMs = Round(s.End), Ms = Round(s.End - s.Start) });
            }
        }
        path.TotalMs = Round(segments.Sum(s => s.End - s.Start));
        return path;
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
