using System.Text.Json;
using FlowForge.Reporting.Model;
using FlowForge.Reporting.Rendering;
using Microsoft.Build.Logging.StructuredLogger;
using SlProject = Microsoft.Build.Logging.StructuredLogger.Project;
using SlTask = Microsoft.Build.Logging.StructuredLogger.Task;

namespace FlowForge.Reporting.Tests;

/// <summary>
/// The report's invariants on real parallel builds (-m:2), checked against MSBuild.StructuredLogger's own reading of the
/// same binlog (<see cref="BinaryLog.ReadBuild(string)"/>) and against the generated solution's declared references.
/// </summary>
[Collection(SampleBuildsCollection.Name)]
public sealed class BuildInvariantTests(SampleBuilds builds)
{
    [Fact]
    public void TheCriticalPathIsAChainOfReferencesEachBilledOnlyForItsOwnExecution()
    {
        var report = BinlogReport.Read(builds.Generated);
        var oracle = OwnExecution(builds.Generated);
        var path = report.CriticalPath;
        Assert.True(path.Steps.Count >= 3, $"a 3-layer solution's critical path has one project per layer at least: {string.Join(" → ", path.Steps.Select(s => s.Project))}");

        // Never longer than it executed: StructuredLogger's project durations minus their MSBuild task calls.
        foreach (var step in path.Steps)
        {
            var executed = Executed(oracle, step.Project, step.TargetFramework);
            Assert.True(step.Ms <= executed + 2, $"{step.Project}: {step.Ms} ms on the path, executed {executed} ms");
            Assert.InRange(step.Ms, executed * 0.98 - 2, executed + 2);
        }
        Assert.InRange(Math.Abs(path.Steps.Sum(s => s.Ms) - path.TotalMs), 0, 1);
        Assert.True(path.TotalMs <= report.Summary.WallMs, "a chain of projects that waited for each other cannot take longer than the build");

        // Consecutive steps are linked by a project reference declared in the solution.
        var references = References(builds.GeneratedRoot);
        for (var i = 1; i < path.Steps.Count; i++)
            Assert.True(references[path.Steps[i].Project].Contains(path.Steps[i - 1].Project),
                $"{path.Steps[i].Project} does not reference {path.Steps[i - 1].Project}");
        // The path starts at a project without references and is the longest such chain.
        Assert.Empty(references[path.Steps[0].Project]);
        Assert.InRange(Math.Abs(LongestChain(references, p => Executed(oracle, p, "net10.0")) - path.TotalMs), 0, 1);

        // Queueing is reported on its own, never billed: every project's time is its own execution, as StructuredLogger reads it.
        foreach (var project in report.Projects)
        {
            var executed = Executed(oracle, project.Name, project.TargetFramework);
            Assert.InRange(project.ExclusiveMs, executed * 0.98 - 2, executed + 2);
            Assert.True(project.QueuedMs >= 0);
        }
        Assert.InRange(Math.Abs(report.Projects.Sum(p => p.QueuedMs) - report.Queueing.TotalMs), 0, 1);
    }

    [Fact]
    public void EveryMillisecondOfTheWallTimeIsAccountedFor()
    {
        var report = BinlogReport.Read(builds.Generated);
        var time = report.Time;
        Assert.True(time.RestoreMs > 0, "dotnet build restores first");
        Assert.True(time.EvaluationTotalMs > 0 && time.Evaluations >= 8, $"{time.Evaluations} evaluations");
        Assert.True(time.ExecutionMs > 0);
        Assert.InRange(Math.Abs(report.Summary.WallMs - (time.RestoreMs + time.EvaluationMs + time.ExecutionMs + time.OtherMs)), 0, 1);
        Assert.NotEmpty(time.SlowestEvaluations);
        Assert.All(time.SlowestEvaluations, e => Assert.True(e.Ms > 0));

        // The evaluations of the build proper, as StructuredLogger sees them (restore evaluates with other global properties).
        var build = BinaryLog.ReadBuild(builds.Generated);
        Assert.True(build.Succeeded);
        var evaluations = 0;
        build.VisitAllChildren<ProjectEvaluation>(_ => evaluations++);
        Assert.InRange(time.Evaluations, 8, evaluations);

        // Nodes: both were used; busy shares are shares.
        Assert.Equal(2, report.Nodes.Count);
        Assert.All(report.Nodes, n => Assert.InRange(n.BusyShare, 0.0, 1.0));
        Assert.Equal(report.Summary.Compiles, report.Nodes.Sum(n => n.Compiles));
        var compiles = 0;
        build.VisitAllChildren<SlTask>(t => { if (t.Name == "Csc") compiles++; });
        Assert.Equal(compiles, report.Summary.Compiles);

        // Every format says where the time went.
        Assert.Contains("restore " + Format.Duration(time.RestoreMs), ReportText.TimeLine(time));
        Assert.Contains(ReportText.TimeLine(time), MarkdownReport.Write(report));
    }

    [Fact]
    public void AFailedCompileIsReportedAsFailedWithItsProjectAndPlace()
    {
        var report = BinlogReport.Read(builds.Failed);
        Assert.False(report.Summary.Succeeded);
        Assert.Equal((1, 1), (report.Summary.Compiles, report.Summary.CompilesFailed));
        var broken = Assert.Single(report.Projects);
        Assert.True(broken.CompileFailed);
        Assert.True(broken.Rebuilt);

        // The error as StructuredLogger read it: same code, file, line and column, and the project that reported it.
        var build = BinaryLog.ReadBuild(builds.Failed);
        Error? oracle = null;
        build.VisitAllChildren<Error>(e => oracle ??= e);
        Assert.NotNull(oracle);
        var error = report.Diagnostics.First(d => d.Severity == "error");
        Assert.Equal((oracle!.Code, oracle.File, oracle.LineNumber, oracle.ColumnNumber), (error.Code, error.File, error.Line, error.Column));
        Assert.Equal("CS0029", error.Code);
        Assert.EndsWith("Broken.csproj", error.Project);
        Assert.Equal("net10.0", error.TargetFramework);
        var line = ReportText.Diagnostic(error);
        Assert.StartsWith($"Broken (net10.0): {error.File}({error.Line},{error.Column}): error CS0029: ", line);
        Assert.Contains(line, MarkdownReport.Write(report));
        Assert.Contains("1 compile (1 failed)", ReportText.Headline(report));
    }

    [Fact]
    public void AMultiTargetedProjectCountsOnceperTargetFrameworkEverywhere()
    {
        var report = BinlogReport.Read(builds.MultiTargeted);
        Assert.Equal(2, report.Summary.Projects);
        Assert.Equal(3, report.Summary.TargetFrameworkBuilds);
        Assert.Equal(["App (net10.0)", "App (net8.0)", "Lib (net8.0)"], report.Projects.Select(p => Format.Label(p.Name, p.TargetFramework)).Order(StringComparer.Ordinal));
        Assert.Equal(3, report.Summary.ProjectsRebuilt);
        Assert.Equal(3, report.Rebuilt.Count);
        Assert.Contains("2 projects (3 project × target framework builds)", ReportText.Headline(report));
        Assert.Contains("3 of 3 did work", ReportText.Headline(report));

        // Each target framework is billed its own execution only (App (net8.0) does not carry App (net10.0)'s compile).
        var oracle = OwnExecution(builds.MultiTargeted);
        foreach (var project in report.Projects)
            Assert.InRange(project.ExclusiveMs, Executed(oracle, project.Name, project.TargetFramework) * 0.98 - 2, Executed(oracle, project.Name, project.TargetFramework) + 2);
        var steps = report.CriticalPath.Steps;
        Assert.Equal(["Lib", "App"], steps.Select(s => s.Project));
        Assert.Equal("net8.0", steps[0].TargetFramework);
        Assert.All(steps, s => Assert.True(s.Ms <= Executed(oracle, s.Project, s.TargetFramework) + 2));
    }

    [Fact]
    public void TheJsonCarriesTheNewSections()
    {
        var report = BinlogReport.Read(builds.Generated);
        using var json = JsonDocument.Parse(ReportJson.Write(report));
        var root = json.RootElement;
        Assert.True(root.GetProperty("time").GetProperty("restoreMs").GetDouble() > 0);
        Assert.Equal(2, root.GetProperty("nodes").GetArrayLength());
        Assert.True(root.GetProperty("criticalPath").GetProperty("executionWallMs").GetDouble() > 0);
        Assert.Contains(root.GetProperty("timeline").EnumerateArray(), b => b.GetProperty("kind").GetString() == "evaluation");
        Assert.Contains(root.GetProperty("timeline").EnumerateArray(), b => b.GetProperty("kind").GetString() == "restore");
        Assert.All(root.GetProperty("projects").EnumerateArray(), p => Assert.True(p.GetProperty("targets").GetArrayLength() > 0));
    }

    /// <summary>
    /// Per project and target framework: StructuredLogger's project durations minus the time their MSBuild tasks waited
    /// for other projects (overlaps once), over every request of the build proper (restore's requests left out).
    /// </summary>
    internal static Dictionary<(string Project, string? TargetFramework), double> OwnExecution(string binlog)
    {
        var build = BinaryLog.ReadBuild(binlog);
        var result = new Dictionary<(string, string?), double>();
        build.VisitAllChildren<SlProject>(project =>
        {
            if (project.ProjectFile is null || project.ProjectFile.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || project.ProjectFile.EndsWith(".metaproj", StringComparison.OrdinalIgnoreCase)) return;
            if (project.GlobalProperties?.ContainsKey("MSBuildRestoreSessionId") == true) return;
            for (var parent = project.Parent; parent is not null; parent = parent.Parent)
                if (parent is SlProject p && p.GlobalProperties?.ContainsKey("MSBuildRestoreSessionId") == true) return;
            var waits = new List<(DateTime Start, DateTime End)>();
            foreach (var target in project.Children.OfType<Target>())
                foreach (var task in target.Children.OfType<SlTask>())
                    if (task.Name == "MSBuild") waits.Add((task.StartTime, task.EndTime)); // CallTarget runs this project's own targets
            double waited = 0;
            var reach = project.StartTime;
            foreach (var (start, end) in waits.OrderBy(w => w.Start))
            {
                var from = start > reach ? start : reach;
                var to = end < project.EndTime ? end : project.EndTime;
                if (to > from) { waited += (to - from).TotalMilliseconds; reach = to; }
            }
            var tfm = string.IsNullOrEmpty(project.TargetFramework) ? null : project.TargetFramework;
            var key = (Path.GetFileNameWithoutExtension(project.ProjectFile), tfm);
            result[key] = result.GetValueOrDefault(key) + Math.Max(0, (project.EndTime - project.StartTime).TotalMilliseconds - waited);
        });
        return result;
    }

    /// <summary>StructuredLogger names a build's target framework only when it was a global property (a single-target
    /// project built for a reference has none): look up by target framework, else by project.</summary>
    internal static double Executed(Dictionary<(string Project, string? TargetFramework), double> oracle, string project, string? targetFramework) =>
        oracle.TryGetValue((project, targetFramework), out var ms) ? ms : oracle[(project, null)];

    /// <summary>The generated solution's declared references (solution.json), by project name.</summary>
    private static Dictionary<string, HashSet<string>> References(string root)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "solution.json")));
        return json.RootElement.GetProperty("projects").EnumerateArray().ToDictionary(
            p => p.GetProperty("name").GetString()!,
            p => p.GetProperty("references").EnumerateArray().Select(r => r.GetString()!).ToHashSet());
    }

    private static double LongestChain(Dictionary<string, HashSet<string>> references, Func<string, double> weight)
    {
        var memo = new Dictionary<string, double>();
        double Longest(string p) => memo.TryGetValue(p, out var v) ? v : memo[p] = weight(p) + references[p].Select(Longest).DefaultIfEmpty(0).Max();
        return Math.Round(references.Keys.Max(Longest), 1);
    }
}
