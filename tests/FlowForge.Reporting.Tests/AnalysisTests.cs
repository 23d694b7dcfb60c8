using FlowForge.Core.Records;
using FlowForge.Reporting.Analysis;
using FlowForge.Reporting.Rendering;

namespace FlowForge.Reporting.Tests;

/// <summary>Wall-time accounting, node use, the scheduling diagnosis, failed compiles, logged records, counts and formats on exact numbers.</summary>
public sealed class AnalysisTests
{
    [Fact]
    public void TheWallTimeIsSplitIntoRestoreEvaluationExecutionAndTheRest()
    {
        // Restore 0–300 (its evaluation of Lib inside it), then Lib is evaluated 350–450 and built 450–900; the build ends at 1000.
        var report = new SyntheticBuild()
            .RestoreProject(1, "Solution.sln", 0)
            .Evaluation(9, "Lib", 50, 150)
            .EndProject(1, 300)
            .Evaluation(2, "Lib", 350, 450)
            .Project(2, "Lib", 450)
            .Task(2, "Csc", 500, 850)
            .EndProject(2, 900)
            .Finish(1000);
        var time = report.Time;
        Assert.Equal((300, 100, 450, 150), (time.RestoreMs, time.EvaluationMs, time.ExecutionMs, time.OtherMs));
        Assert.Equal((1, 100), (time.Evaluations, time.EvaluationTotalMs));
        Assert.Equal("Lib", Assert.Single(time.SlowestEvaluations).Project);
        // Restore's requests are not projects of the build.
        Assert.Equal("Lib", Assert.Single(report.Projects).Name);
        Assert.Equal(700, report.CriticalPath.ExecutionWallMs, 1);
        Assert.Contains(report.Timeline, b => b.Kind == "restore" && b.StartMs == 0 && b.EndMs == 300);
        Assert.Contains(report.Timeline, b => b.Kind == "evaluation" && b.StartMs == 350);
        Assert.Equal("Wall time 1.00 s: restore 300 ms, evaluation 100 ms (1 evaluation, 100 ms summed over nodes), execution 450 ms, other 150 ms (start-up, scheduling); FlowForge's own steps 0 ms summed over nodes",
            ReportText.TimeLine(time));
    }

    [Fact]
    public void SchedulingThatLeavesANodeIdleIsDiagnosedInPlainWords()
    {
        // Four independent projects, all compiled on node 2 one after another; node 1 only runs the solution.
        var build = new SyntheticBuild().Project(1, "Solution.sln", 0).Wait(1, 5, 4010, "A", "B", "C", "D");
        var at = 10.0;
        var id = 2;
        foreach (var name in new[] { "A", "B", "C", "D" })
        {
            build.Project(id, name, at, node: 2, parent: 1).Task(id, "Csc", at + 10, at + 990).EndProject(id, at + 1000);
            at += 1000;
            id++;
        }
        var report = build.EndProject(1, 4015).Finish(4020);
        Assert.Equal([(1, 0), (2, 4)], report.Nodes.Select(n => (n.Node, n.Compiles)));
        Assert.True(report.Nodes.Single(n => n.Node == 2).BusyShare > 0.95);
        Assert.True(report.Nodes.Single(n => n.Node == 1).BusyShare < 0.01);
        Assert.Equal(1000, report.CriticalPath.TotalMs, 1);
        Assert.NotNull(report.Scheduling);
        Assert.StartsWith("4 of 4 compiles ran on node 2; node 1 was busy 0% of the build. The longest chain of project references needs 1.00 s of execution, the execution took 4.02 s", report.Scheduling);
        Assert.EndsWith("scheduling, not work, set the wall time.", report.Scheduling);
        Assert.Equal("Nodes: node 1 busy 0% (0 compiles), node 2 busy 100% (4 compiles)", ReportText.NodesLine(report.Nodes));
    }

    [Fact]
    public void ABalancedBuildHasNoSchedulingDiagnosis()
    {
        var report = new SyntheticBuild()
            .Project(1, "Solution.sln", 0).Wait(1, 5, 1010, "A", "B")
            .Project(2, "A", 10, node: 1, parent: 1).Task(2, "Csc", 20, 990).EndProject(2, 1000)
            .Project(3, "B", 10, node: 2, parent: 1).Task(3, "Csc", 20, 990).EndProject(3, 1000)
            .EndProject(1, 1012).Finish(1015);
        Assert.Null(report.Scheduling);
    }

    [Fact]
    public void TheRecordLoggedInTheBuildIsUsedAndAFailedCompileIsFailed()
    {
        var record = new ProjectRecord
        {
            Project = "Lib.csproj", TargetFramework = "net10.0", Summary = "1 of 12 inputs changed (Lib.cs)",
            Inputs = new() { Count = 12, Changed = [new() { Path = "Lib.cs", Kind = "Compile", Change = "Modified", ChangedMembers = ["Greeter.Hello()"] }] },
            Compile = new() { Decision = ProjectRecord.Decisions.Compiled, Reasons = ["inputs changed: Lib.cs"] },
            Cache = new() { Result = "miss" },
        };
        var report = new SyntheticBuild()
            .Project(1, "Lib", 0)
            .Task(1, "EvaluateCompileGate", 10, 20, taskFile: "/packages/flowforge.build/1.0.0/tasks/net8.0/FlowForge.Build.Tasks.dll", messages: ProjectRecordLog.Format(record))
            .Task(1, "Csc", 20, 500, succeeded: false)
            .Error(1, "CS0029", "Lib.cs", 3, 17, "Cannot implicitly convert type 'string' to 'int'", 400)
            .EndProject(1, 510, succeeded: false)
            .Finish(520, succeeded: false);
        var f = report.FlowForge;
        Assert.Equal("binlog", f.Source);
        Assert.Equal((1, 12, 1), (f.Records, f.InputsChecked, f.InputsChanged));
        Assert.Equal((0, 1), (f.Compiled, f.CompilesFailed));
        Assert.Equal((1, 0), (f.CacheMisses, f.CacheHits));
        var lib = Assert.Single(report.Projects);
        Assert.Equal(("failed", true, true), (lib.Decision, lib.CompileFailed, lib.Rebuilt));
        var why = Assert.Single(report.Rebuilt);
        Assert.Equal("failed", why.FlowForge!.Decision);
        Assert.Equal(["Greeter.Hello()"], Assert.Single(why.FlowForge.Changed).ChangedMembers);
        Assert.Equal(10, report.Time.FlowForgeMs, 1);
        Assert.Equal("Lib (net10.0)".Replace(" (net10.0)", "") + ": Lib.cs(3,17): error CS0029: Cannot implicitly convert type 'string' to 'int'", ReportText.Diagnostic(report.Diagnostics.Single()));
        Assert.Contains("1 failed", ReportText.FlowForgeLine(f));
    }

    [Fact]
    public void WholeProjectSkipsAreCountedWithTheTimeTheySaved()
    {
        const string tasks = "/packages/flowforge.build/1.0.0/tasks/net8.0/FlowForge.Build.Tasks.dll";
        ProjectRecord Skipped(string name, double saved) => new()
        {
            Project = name + ".csproj", TargetFramework = "net10.0", Summary = "skipped whole project",
            ProjectSkip = new() { Decision = ProjectRecord.ProjectSkipSection.SkippedDecision, BuildMsSaved = saved },
        };
        var built = new ProjectRecord
        {
            Project = "App.csproj", TargetFramework = "net10.0", Summary = "1 of 5 inputs changed (App.cs)",
            Inputs = new() { Count = 5, Changed = [new() { Path = "App.cs", Kind = "Compile", Change = "Modified" }] },
            Compile = new() { Decision = ProjectRecord.Decisions.Compiled, Reasons = ["inputs changed: App.cs"] },
            ProjectSkip = new() { Decision = "built", Reasons = ["file changed: App.cs"] },
        };
        // The gate's quick check wrote no record this build; project skip logged its section only.
        var notEligible = new ProjectRecord
        {
            Project = "Tool.csproj", TargetFramework = "net10.0",
            ProjectSkip = new() { Decision = "not-eligible", Reasons = ["target 'Stamp' in Directory.Build.targets"] },
        };
        var report = new SyntheticBuild()
            .Project(1, "Model", 0).Task(1, "EvaluateProjectSkip", 1, 3, taskFile: tasks, messages: ProjectRecordLog.Format(Skipped("Model", 1500))).EndProject(1, 5)
            .Project(2, "Data", 5).Task(2, "EvaluateProjectSkip", 6, 8, taskFile: tasks, messages: ProjectRecordLog.Format(Skipped("Data", 700))).EndProject(2, 10)
            .Project(3, "App", 10).Task(3, "RecordProjectSkip", 400, 410, taskFile: tasks, messages: ProjectRecordLog.Format(built)).EndProject(3, 420)
            .Project(4, "Tool", 420)
            .Task(4, "EvaluateCompileGate", 421, 422, taskFile: tasks, messages: "FlowForge: " + FlowForge.Core.Changes.ChangeReport.NothingNewerSummary)
            .Task(4, "RecordProjectSkip", 430, 431, taskFile: tasks, messages: ProjectRecordLog.Format(notEligible)).EndProject(4, 440)
            .Finish(450);
        var f = report.FlowForge;
        Assert.True(f.ProjectSkipActive);
        Assert.Equal((2, 1, 1), (f.ProjectsSkipped, f.ProjectsBuilt, f.ProjectsNotEligible));
        Assert.Equal(2200, f.ProjectSkipTimeSavedMs, 1);
        Assert.Equal(4, f.Records);
        // The quick-checked project counts as a skipped compile although its logged record has no compile section.
        Assert.Equal((1, 1), (f.Compiled, f.CompilesSkipped));
        Assert.Equal(ProjectRecord.Decisions.Skipped, report.Projects.Single(p => p.Name == "Model").Decision);
        Assert.Contains("project skip: 2 skipped whole (~2.20 s saved), 1 built, 1 not eligible", ReportText.FlowForgeLine(f));

        var off = new SyntheticBuild().Project(1, "App", 0)
            .Task(1, "EvaluateCompileGate", 1, 2, taskFile: tasks, messages: ProjectRecordLog.Format(new ProjectRecord { Project = "App.csproj", Compile = new() { Decision = "skipped" } }))
            .EndProject(1, 5).Finish(6);
        Assert.False(off.FlowForge.ProjectSkipActive);
        Assert.DoesNotContain("project skip", ReportText.FlowForgeLine(off.FlowForge));
    }

    [Fact]
    public void FlowForgesHelperAndTheOuterBuildOfAMultiTargetedProjectAreNotProjects()
    {
        var report = new SyntheticBuild()
            .Project(1, "App", 0) // the outer build: no TargetFramework
            .Wait(1, 5, 900, "App")
            .Project(2, "FlowForge.Git.proj", 6, node: 2, parent: 1)
            .EndProject(2, 50)
            .ProjectWithTargetFramework(3, "App", "net8.0", 60, parent: 1)
            .EndProject(3, 400)
            .ProjectWithTargetFramework(4, "App", "net10.0", 400, parent: 1)
            .EndProject(4, 890)
            .EndProject(1, 900)
            .Finish(910);
        Assert.Equal(1, report.Summary.Projects);
        Assert.Equal(2, report.Summary.TargetFrameworkBuilds);
        Assert.Equal(1, report.Summary.HelperProjects);
        Assert.Equal(["App (net10.0)", "App (net8.0)"], report.Projects.Select(p => Format.Label(p.Name, p.TargetFramework)).Order(StringComparer.Ordinal));
        Assert.Equal(44, report.Time.FlowForgeMs, 1);
        // Two target frameworks that do not reference each other: the path is the longer one alone.
        Assert.Equal("net10.0", Assert.Single(report.CriticalPath.Steps).TargetFramework);
        Assert.Equal(490, report.CriticalPath.TotalMs, 1);
    }

    [Theory]
    [InlineData(0.4, "0 ms")]
    [InlineData(999.6, "1.00 s")]
    [InlineData(59_994, "59.99 s")]
    [InlineData(59_996, "1 min 0 s")]
    [InlineData(119_600, "2 min 0 s")]
    [InlineData(491_000, "8 min 11 s")]
    [InlineData(3_599_700, "1 h 0 min")]
    [InlineData(5_000_000, "1 h 23 min")]
    public void DurationsAreRoundedOnce(double ms, string text) => Assert.Equal(text, Format.Duration(ms));

    [Fact]
    public void TheCompilersAnalyzerReportIsReadPerAnalyzerAndGenerator()
    {
        var into = new Dictionary<string, Aggregate>();
        var section = AnalyzerReport.Read("Total analyzer execution time: 0.412 seconds.", AnalyzerReport.Section.None, into);
        section = AnalyzerReport.Read("NOTE: Elapsed time may be less than analyzer execution time because analyzers can run concurrently.", section, into);
        section = AnalyzerReport.Read("Time (s)    %   Analyzer", section, into);
        section = AnalyzerReport.Read("   0.301   73   Microsoft.CodeAnalysis.NetAnalyzers, Version=10.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35", section, into);
        section = AnalyzerReport.Read("   0.120   29      Microsoft.NetCore.Analyzers.Runtime.SomeAnalyzer (CA1234)", section, into);
        section = AnalyzerReport.Read("  <0.001   <1      Microsoft.NetCore.Analyzers.Tiny (CA9999)", section, into);
        section = AnalyzerReport.Read("", section, into);
        section = AnalyzerReport.Read("Total generator execution time: 0.051 seconds.\nTime (s)    %   Generator\n   0.050   98      Microsoft.Gen.Logging.LoggingGenerator", section, into);
        Assert.Equal(AnalyzerReport.Section.Generators, section);
        Assert.Equal(120, into["analyzer: Microsoft.NetCore.Analyzers.Runtime.SomeAnalyzer (CA1234)"].ExclusiveMs, 3);
        Assert.Equal(0, into["analyzer: Microsoft.NetCore.Analyzers.Tiny (CA9999)"].ExclusiveMs, 3);
        Assert.Equal(50, into["generator: Microsoft.Gen.Logging.LoggingGenerator"].ExclusiveMs, 3);
        Assert.DoesNotContain(into.Keys, k => k.Contains("Version="));
        // Ordinary compiler output is not an analyzer row.
        Assert.Equal(AnalyzerReport.Section.None, AnalyzerReport.Read("Program.cs(3,5): warning CS0168: ...", AnalyzerReport.Section.None, into));
        Assert.Equal(3, into.Count);
    }
}
