namespace FlowForge.Reporting.Tests;

/// <summary>Exclusive times, the critical path and why-rebuilt on hand-made event streams with exact numbers.</summary>
public sealed class TimingTests
{
    /// <summary>
    /// sln (1) builds App (2) and Lib (3) in parallel; App waits for Lib, which the solution started first.
    /// Lib works 0–800 ms; App works 100–200, waits 200–800 for Lib, works 800–1000.
    /// </summary>
    private static Model.BuildReport AppWaitsForLibStartedBySolution() => new SyntheticBuild()
        .Project(1, "Solution.sln", 0)
        .Wait(1, 10, 1010, "App", "Lib")
        .Project(3, "Lib", 20, node: 2, parent: 1)
        .Target(3, "CoreCompile", 30, 790, "Building target \"CoreCompile\" completely.", "Input file \"Lib.cs\" is newer than output file \"obj/Lib.dll\".")
        .EndProject(3, 800)
        .Project(2, "App", 100, node: 1, parent: 1)
        .Wait(2, 200, 801, "Lib")
        .Target(2, "CoreCompile", 810, 990, "Building target \"CoreCompile\" completely.", "Output file \"obj/App.dll\" does not exist.")
        .EndProject(2, 1000)
        .EndProject(1, 1015)
        .Finish(1020);

    [Fact]
    public void ExclusiveTimeSubtractsWaitingOnOtherProjects()
    {
        var report = AppWaitsForLibStartedBySolution();
        var app = report.Projects.Single(p => p.Name == "App");
        var lib = report.Projects.Single(p => p.Name == "Lib");
        Assert.Equal(900, app.InclusiveMs, 1);
        Assert.Equal(900 - 601, app.ExclusiveMs, 1);
        Assert.Equal(780, lib.ExclusiveMs, 1);
        Assert.Equal(2, report.Summary.Projects);
        Assert.Equal(3, report.Summary.ProjectBuilds);
        // MSBuild tasks only wait: not among the slowest tasks; their targets' exclusive time excludes the wait.
        Assert.DoesNotContain(report.Tasks, t => t.Name == "MSBuild");
        var resolve = report.Targets.Single(t => t.Name == "ResolveProjectReferences");
        Assert.Equal(0, resolve.ExclusiveMs, 1);
        Assert.Equal(1000 + 601, resolve.InclusiveMs, 1);
    }

    [Fact]
    public void TheCriticalPathIsTheReferenceChainWeightedByOwnExecution()
    {
        var report = AppWaitsForLibStartedBySolution();
        // App references Lib (its MSBuild call named Lib); the solution only hands work out and is not a step.
        Assert.Equal(["Lib", "App"], report.CriticalPath.Steps.Select(s => s.Project));
        Assert.Equal(780, report.CriticalPath.Steps[0].Ms, 1);
        Assert.Equal(299, report.CriticalPath.Steps[1].Ms, 1); // App's own work: 100–200 and 801–1000, not its wait for Lib
        Assert.Equal(780 + 299, report.CriticalPath.TotalMs, 1);
        Assert.Equal(299, report.Projects.Single(p => p.Name == "App").CriticalMs, 1);
        Assert.True(report.Timeline.Single(b => b.Project == "Lib").Critical);
        Assert.Contains(report.Timeline.Single(b => b.Project == "Lib").CriticalSpans, s => s[0] == 20 && s[1] == 800);
        // App's bar: solid while it executed, not while it waited for Lib.
        Assert.Equal([[100, 200], [801, 1000]], report.Timeline.Single(b => b.Project == "App").Spans);
    }

    [Fact]
    public void AProjectQueuedOnABusyNodeIsNotBilledForTheWait()
    {
        // Node 1 runs what the solution asks for (A, B, D), one at a time. A runs 12–100, B from 100. B's reference C (node 2)
        // ends at 600, but node 1 is busy with D (600–900): B resumes at 900. B's own execution is 500 ms (100–550,
        // 900–950); its 300 ms on hold are queueing. D was ready at 100 (A done) and started at 600: 500 ms queued.
        var report = new SyntheticBuild()
            .Project(1, "Solution.sln", 0)
            .Wait(1, 10, 1000, "A", "B", "D")
            .Project(2, "A", 12, parent: 1)
            .EndProject(2, 100)
            .Project(3, "B", 100, parent: 1)
            .Wait(3, 550, 900, "C")
            .Project(4, "C", 552, node: 2, parent: 3)
            .EndProject(4, 600)
            .Project(5, "D", 600, parent: 1)
            .EndProject(5, 900)
            .EndProject(3, 950)
            .EndProject(1, 1000)
            .Finish(1000);
        var b = report.Projects.Single(p => p.Name == "B");
        Assert.Equal(500, b.ExclusiveMs, 1);
        Assert.Equal(300, b.QueuedMs, 1);
        Assert.Equal(["C", "B"], report.CriticalPath.Steps.Select(s => s.Project));
        Assert.Equal(48 + 500, report.CriticalPath.TotalMs, 1);
        Assert.Equal(300, report.CriticalPath.Steps[1].QueuedMs, 1);
        Assert.Equal(500, report.Projects.Single(p => p.Name == "D").QueuedMs, 1);
        Assert.Equal(0, report.Projects.Single(p => p.Name == "A").QueuedMs, 1);
        Assert.Equal(800, report.Queueing.TotalMs, 1);
        Assert.Equal(["D (500 ms)", "B (300 ms)"], report.Queueing.Projects.Select(q => $"{q.Project} ({Rendering.Format.Duration(q.Ms)})"));
    }

    [Fact]
    public void WhyRebuiltQuotesMsBuildAndIgnoresTargetsThatAlwaysRun()
    {
        var report = new SyntheticBuild()
            .Project(1, "Lib", 0)
            .Target(1, "GenerateMSBuildEditorConfigFileCore", 10, 20, "Building target \"GenerateMSBuildEditorConfigFileCore\" completely.")
            .Target(1, "_GenerateSourceLinkFile", 20, 30, "Building target \"_GenerateSourceLinkFile\" completely.")
            .Target(1, "CoreCompile", 30, 40, "Skipping target \"CoreCompile\" because all output files are up-to-date with respect to the input files.")
            .EndProject(1, 50)
            .Project(2, "App", 50)
            .Target(2, "CoreCompile", 60, 300, "Building target \"CoreCompile\" completely.", "Input file \"Program.cs\" is newer than output file \"obj/App.dll\".")
            .Target(2, "_CopyFilesMarkedCopyLocal", 300, 310, "Copying file from \"/x/Lib.dll\" to \"/y/bin/Lib.dll\".")
            .EndProject(2, 320)
            .Finish(330);

        Assert.False(report.Projects.Single(p => p.Name == "Lib").Rebuilt);
        var why = Assert.Single(report.Rebuilt);
        Assert.Equal("App", why.Project);
        var compile = Assert.Single(why.Targets);
        Assert.Equal("CoreCompile", compile.Target);
        Assert.Equal(["Input file \"Program.cs\" is newer than output file \"obj/App.dll\"."], compile.Reasons);
        Assert.Equal(1, why.FilesCopied);
        Assert.Equal(["Lib.dll"], why.CopiedExamples);
        Assert.Equal(1, report.Summary.ProjectsRebuilt);
        var lines = Rendering.ReportText.Why(why);
        Assert.Contains(lines, l => l.StartsWith("CoreCompile: Input file \"Program.cs\"", StringComparison.Ordinal));
        Assert.Contains("copied 1 file(s): Lib.dll", lines);
    }

    [Fact]
    public void AnUnfinishedBuildIsChargedUntilItsLastEvent()
    {
        var report = new SyntheticBuild()
            .Project(1, "Lib", 0)
            .Target(1, "CoreCompile", 10, 500)
            .Finish(600, succeeded: false);
        Assert.False(report.Summary.Succeeded);
        Assert.Equal(600, report.Projects.Single().InclusiveMs, 1);
        Assert.Equal(600, report.CriticalPath.TotalMs, 1);
    }
}
