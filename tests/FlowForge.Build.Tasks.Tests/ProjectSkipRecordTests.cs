using FlowForge.Core.Hashing;
using FlowForge.Core.ProjectSkip;
using Microsoft.Build.Framework;

namespace FlowForge.Build.Tasks.Tests;

/// <summary>
/// The recording step after a project's build confirms that no input changed while it built, with the decision's own
/// fingerprint (each file it read stat-ed again) or, when stat data cannot vouch, by computing it again. Either way an
/// input edited during the build leaves no state to skip on, and a file that appeared makes the next decision build.
/// </summary>
public sealed class ProjectSkipRecordTests
{
    private static EvaluateProjectSkip Decision(ProjectFolder folder, IBuildEngine engine) => new()
    {
        BuildEngine = engine, ProjectFile = folder.ProjectFile, StateDirectory = folder.StateDirectory, StatCacheFile = folder.StatCacheFile,
        Enabled = "true", UsingNetSdk = "true", ConeDirectories = [folder.Root],
        ExcludedDirectories = [Path.Combine(folder.Root, "obj"), Path.Combine(folder.Root, "cache")], OutputDirectories = [folder.Obj],
    };

    private static RecordProjectSkip Record(ProjectFolder folder, IBuildEngine engine, EvaluateProjectSkip decision) => new()
    {
        BuildEngine = engine, ProjectFile = folder.ProjectFile, StateDirectory = folder.StateDirectory, StatCacheFile = folder.StatCacheFile,
        ConeDirectories = [folder.Root],
        ExcludedDirectories = [Path.Combine(folder.Root, "obj"), Path.Combine(folder.Root, "cache")], OutputDirectories = [folder.Obj],
        Decision = decision.Decision, DecisionFingerprint = decision.Fingerprint, DecisionStartedTicks = decision.StartedTicks,
        DecisionReasons = decision.Reasons,
    };

    /// <summary>One build of the project: the decision, <paramref name="duringBuild"/> (the build's targets), the
    /// recording step; each build with a fresh node, as with node reuse off.</summary>
    private static (EvaluateProjectSkip Decision, ProjectSkipState? State) Build(ProjectFolder folder, Action? duringBuild = null)
    {
        var engine = new TaskHostLikeEngine([folder.ProjectFile]); // one node, one build
        var decision = Decision(folder, engine);
        Assert.True(decision.Execute());
        if (!decision.Skip)
        {
            duringBuild?.Invoke();
            File.WriteAllText(Path.Combine(folder.Obj, "App.dll"), "output");
            Assert.True(Record(folder, engine, decision).Execute());
        }
        Assert.Empty(engine.Warnings);
        engine.EndBuild();
        return (decision, ProjectSkipState.TryLoad(Path.Combine(folder.StateDirectory, ProjectSkipState.FileName), out _));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_input_edited_while_the_project_builds_leaves_no_state_and_the_next_build_builds(bool filesOlderThanTheRacyWindow)
    {
        using var folder = new ProjectFolder("ff-skip-record-");
        var source = folder.Write("Program.cs", "class P {}");
        // Older than the racy window, the decision's stat data vouch for its files (the recording step reads nothing);
        // fresh from the checkout, they do not and it computes the fingerprint again. Both must see the edit.
        if (filesOlderThanTheRacyWindow) Thread.Sleep(StatCache.RacyWindow + TimeSpan.FromMilliseconds(200));

        var mtime = File.GetLastWriteTimeUtc(source);
        var (first, state) = Build(folder, duringBuild: () =>
        {
            File.WriteAllText(source, "class Q {}"); // same size, time put back: only the ctime tells
            File.SetLastWriteTimeUtc(source, mtime);
        });
        Assert.Equal(ProjectSkipDecision.Outcomes.Built, first.Decision);
        Assert.Null(state);

        var (second, written) = Build(folder);
        Assert.Equal(ProjectSkipDecision.Outcomes.Built, second.Decision);
        Assert.NotNull(written);
        Assert.Equal(second.Fingerprint, written.Fingerprint);
    }

    [Fact]
    public void A_file_that_appears_while_the_project_builds_makes_the_next_decision_build()
    {
        using var folder = new ProjectFolder("ff-skip-record-");
        folder.Write("Program.cs", "class P {}");
        Thread.Sleep(StatCache.RacyWindow + TimeSpan.FromMilliseconds(200));

        var (first, state) = Build(folder, duringBuild: () => folder.Write("Generated.cs", "class G {}"));
        Assert.NotNull(state); // recorded with the decision's fingerprint: the files it read did not change
        Assert.Equal(first.Fingerprint, state.Fingerprint);

        var (second, _) = Build(folder);
        Assert.Equal(ProjectSkipDecision.Outcomes.Built, second.Decision);
        Assert.Contains("file added: Generated.cs", second.Reasons);

        // Nothing changed since: the project is skipped.
        var (third, _) = Build(folder);
        Assert.True(third.Skip, string.Join("; ", third.Reasons));
    }
}
