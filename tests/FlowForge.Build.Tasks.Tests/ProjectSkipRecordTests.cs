using System.Collections;
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
    // Shaped like MSBuild's TaskHost → BuildRequestEntry → BuildRequestConfiguration → ProjectInstance (see
    // ProjectImportsTests), and sharing registered objects between tasks like one node in one build.
    private sealed class FakeProject(IReadOnlyList<string> imports) { public IReadOnlyList<string> ImportPaths { get; } = imports; }
    private sealed class FakeConfiguration(FakeProject project) { public FakeProject Project { get; } = project; }
    private sealed class FakeRequestEntry(FakeConfiguration configuration) { public FakeConfiguration RequestConfiguration { get; } = configuration; }

    private sealed class NodeEngine(IReadOnlyList<string> imports) : IBuildEngine4
    {
#pragma warning disable IDE0052, CS0414 // read by reflection, as MSBuild's own field is
        private readonly object _requestEntry = new FakeRequestEntry(new FakeConfiguration(new FakeProject(imports)));
#pragma warning restore IDE0052, CS0414
        public RecordingBuildEngine Inner { get; } = new();
        public void LogErrorEvent(BuildErrorEventArgs e) => Inner.LogErrorEvent(e);
        public void LogWarningEvent(BuildWarningEventArgs e) => Inner.LogWarningEvent(e);
        public void LogMessageEvent(BuildMessageEventArgs e) => Inner.LogMessageEvent(e);
        public void LogCustomEvent(CustomBuildEventArgs e) { }
        public bool ContinueOnError => false;
        public int LineNumberOfTaskNode => 0;
        public int ColumnNumberOfTaskNode => 0;
        public string ProjectFileOfTaskNode => "App.csproj";
        public bool IsRunningMultipleNodes => false;
        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => throw new NotSupportedException();
        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs, string toolsVersion) => throw new NotSupportedException();
        public bool BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IDictionary[] targetOutputsPerProject, string[] toolsVersion, bool useResultsCache, bool unloadProjectsOnCompletion) => throw new NotSupportedException();
        public BuildEngineResult BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IList<string>[] removeGlobalProperties, string[] toolsVersion, bool returnTargetOutputs) => throw new NotSupportedException();
        public void Yield() { }
        public void Reacquire() { }
        public void RegisterTaskObject(object key, object obj, RegisteredTaskObjectLifetime lifetime, bool allowEarlyCollection) => Inner.RegisterTaskObject(key, obj, lifetime, allowEarlyCollection);
        public object? GetRegisteredTaskObject(object key, RegisteredTaskObjectLifetime lifetime) => Inner.GetRegisteredTaskObject(key, lifetime);
        public object? UnregisterTaskObject(object key, RegisteredTaskObjectLifetime lifetime) => Inner.UnregisterTaskObject(key, lifetime);
    }

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
        var engine = new NodeEngine([folder.ProjectFile]);
        var decision = Decision(folder, engine);
        Assert.True(decision.Execute());
        if (!decision.Skip)
        {
            duringBuild?.Invoke();
            File.WriteAllText(Path.Combine(folder.Obj, "App.dll"), "output");
            Assert.True(Record(folder, engine, decision).Execute());
        }
        Assert.Empty(engine.Inner.Warnings);
        engine.Inner.EndBuild();
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
