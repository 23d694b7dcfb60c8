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
    public void CriticalPathFollowsTheBlockerEvenWhenAnotherProjectStartedIt()
    {
        var report = AppWaitsForLibStartedBySolution();
        var steps = report.CriticalPath.Steps.Select(s => s.Project).ToList();
        // Solution hands over to Lib (which it started), Lib's compile, then App after the wait, then the solution finishing.
        Assert.Equal(["Solution", "Lib", "App", "Solution"], steps);
        Assert.Equal(1015, report.CriticalPath.TotalMs, 1); // covers the top-level build exactly once
        Assert.Equal(780, report.CriticalPath.Steps[1].Ms, 1);
        var app = report.Projects.Single(p => p.Name == "App");
        Assert.Equal(200, app.CriticalMs, 1); // 800–1000: App's own work after Lib finished; its work before the wait is not critical
        Assert.True(report.Timeline.Single(b => b.Project == "Lib").Critical);
        Assert.Contains(report.Timeline.Single(b => b.Project == "Lib").CriticalSpans, s => s[0] == 20 && s[1] == 800);
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
