using FlowForge.Build.Logging;
using Microsoft.Build.Framework;

namespace FlowForge.Build.Tasks.Tests;

/// <summary>The end-of-build line counts the per-project "FlowForge: …" lines by kind (the e2e report test runs it in a real build).</summary>
public sealed class FlowForgeSummaryLoggerTests
{
    [Fact]
    public void CountsChangedUnchangedAndFirstBuilds()
    {
        var logger = new FlowForgeSummaryLogger();
        Message(logger, "FlowForge: 2 of 48 inputs changed (Order.cs, +Invoice.cs)", "/src/Acme.Model/Acme.Model.csproj");
        Message(logger, "FlowForge: content unchanged (timestamps of 12 inputs changed)", "/src/Acme.Api/Acme.Api.csproj");
        Message(logger, "FlowForge: content unchanged (40 inputs)", "/src/Acme.App/Acme.App.csproj");
        Message(logger, "FlowForge: first build, 30 inputs recorded", "/src/Acme.New/Acme.New.csproj");
        Message(logger, "FlowForge git: read (0 git processes)", "/src/Acme.App/Acme.App.csproj");
        Message(logger, "Building target \"CoreCompile\" completely.", "/src/Acme.App/Acme.App.csproj");
        Assert.Equal("FlowForge: 4 project builds checked — 1 changed by content (Acme.Model: 2 inputs), 2 unchanged, 1 first build. Why it took its time: dotnet flowforge report (build with -bl).",
            logger.Line(succeeded: true));
    }

    [Fact]
    public void CountsGateDecisionsQuickChecksAndTimeSaved()
    {
        var logger = new FlowForgeSummaryLogger();
        Message(logger, "FlowForge: content unchanged (timestamps of 12 inputs changed)", "/src/A/A.csproj");
        Message(logger, "FlowForge compile: skipped (content unchanged)", "/src/A/A.csproj");
        Message(logger, "FlowForge saved: 1500 ms", "/src/A/A.csproj");
        Message(logger, "FlowForge: 1 of 10 inputs changed (B.cs)", "/src/B/B.csproj");
        Message(logger, "FlowForge compile: restored (restored from the local cache; inputs changed: B.cs)", "/src/B/B.csproj");
        Message(logger, "FlowForge saved: 700 ms", "/src/B/B.csproj");
        Message(logger, "FlowForge: 1 of 10 inputs changed (C.cs)", "/src/C/C.csproj");
        Message(logger, "FlowForge compile: compiled (inputs changed: C.cs)", "/src/C/C.csproj");
        // Not a decision: the recording step's line (an earlier spelling of it was counted as "1 recorded").
        Message(logger, "FlowForge compile: recorded fingerprint 3f2a (812 ms from the gate to the end of the compile)", "/src/C/C.csproj");
        Message(logger, "FlowForge compile record: fingerprint 3f2a (812 ms from the gate to the end of the compile)", "/src/C/C.csproj");
        Message(logger, FlowForgeSummaryLogger.QuickCheckMessage, "/src/D/D.csproj");
        logger.OnMessage(new TargetSkippedEventArgs("skipped") { TargetName = "CoreCompile", SkipReason = TargetSkipReason.OutputsUpToDate });
        Assert.Equal("FlowForge: 3 project builds checked — 2 changed by content (B, C: 2 inputs), 1 unchanged; compiles: 1 skipped, 1 restored, 1 compiled; " +
                     "1 up to date by the quick check; saved ~2.2 s of compiling.",
            logger.Line(succeeded: false));
    }

    [Fact]
    public void ABuildWhereOnlyTheQuickCheckRanSaysSo()
    {
        var logger = new FlowForgeSummaryLogger();
        Message(logger, FlowForgeSummaryLogger.QuickCheckMessage, "/src/A/A.csproj");
        Assert.StartsWith("FlowForge: 1 up to date by the quick check.", logger.Line(succeeded: true));
    }

    [Fact]
    public void CountsProjectsSkippedWholeAndNotEligible()
    {
        var logger = new FlowForgeSummaryLogger();
        Message(logger, "FlowForge project skip: skipped whole project (inputs and outputs unchanged)", "/src/A/A.csproj");
        Message(logger, "FlowForge project skip: skipped whole project (inputs and outputs unchanged)", "/src/B/B.csproj");
        Message(logger, "FlowForge project skip: built (B.cs: content changed)", "/src/C/C.csproj");
        Message(logger, "FlowForge: 1 of 10 inputs changed (C.cs)", "/src/C/C.csproj");
        Message(logger, "FlowForge compile: compiled (inputs changed: C.cs)", "/src/C/C.csproj");
        Message(logger, "FlowForge project skip: not eligible (target 'Stamp' in Directory.Build.targets)", "/src/D/D.csproj");
        Message(logger, FlowForgeSummaryLogger.QuickCheckMessage, "/src/D/D.csproj");
        Assert.Equal("FlowForge: 2 project builds skipped whole (inputs and outputs unchanged); 1 project build checked — 1 changed by content (C: 1 input), 0 unchanged; " +
                     "compiles: 1 compiled; 1 up to date by the quick check; 1 project build not eligible for project skip (why: dotnet flowforge changes).",
            logger.Line(succeeded: false));
    }

    [Fact]
    public void ABuildThatSkippedEveryProjectSaysSoAndNotThatNothingWasChecked()
    {
        var logger = new FlowForgeSummaryLogger();
        Message(logger, "FlowForge project skip: skipped whole project (inputs and outputs unchanged)", "/src/A/A.csproj");
        Assert.StartsWith("FlowForge: 1 project build skipped whole (inputs and outputs unchanged). Why", logger.Line(succeeded: true));
    }

    [Fact]
    public void TheProjectSkipLinesAreTheOnesTheTaskLogs()
    {
        // The logger's assembly references only MSBuild, so it spells the decisions itself.
        Assert.StartsWith(FlowForgeSummaryLogger.SkippedWholeDecision, new Core.ProjectSkip.ProjectSkipDecision(Core.ProjectSkip.ProjectSkipDecision.Outcomes.Skipped, []).Describe());
        Assert.StartsWith(FlowForgeSummaryLogger.NotEligibleDecision, Core.ProjectSkip.ProjectSkipDecision.NotEligible("x").Describe());
    }

    [Fact]
    public void SaysSoWhenNothingWasChecked() =>
        Assert.StartsWith("FlowForge: no project checked", new FlowForgeSummaryLogger().Line(succeeded: false));

    [Fact]
    public void TheQuickCheckLineIsTheOneTheTargetsLog() =>
        // The logger's assembly references only MSBuild, so it spells the line itself.
        Assert.Equal("FlowForge: " + Core.Changes.ChangeReport.NothingNewerSummary, FlowForgeSummaryLogger.QuickCheckMessage);

    private static void Message(FlowForgeSummaryLogger logger, string text, string project) =>
        logger.OnMessage(new BuildMessageEventArgs(text, null, null, MessageImportance.Normal) { ProjectFile = project });
}
