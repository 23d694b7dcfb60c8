using FlowForge.Build.Tasks.Infrastructure;
using FlowForge.Core.ProjectSkip;

namespace FlowForge.Build.Tasks.Tests;

/// <summary>
/// Project skip's import list comes from MSBuild's own ProjectInstance through the engine's task host; whatever of that
/// chain is missing must make project skip stand aside, never decide on a partial list.
/// </summary>
public sealed class ProjectImportsTests
{
    // Shaped like MSBuild's TaskHost → BuildRequestEntry → BuildRequestConfiguration → ProjectInstance.
    private sealed class FakeProject(IReadOnlyList<string> imports) { public IReadOnlyList<string> ImportPaths { get; } = imports; }
    private sealed class FakeConfiguration(FakeProject project) { public FakeProject Project { get; } = project; }
    private sealed class FakeRequestEntry(FakeConfiguration configuration) { public FakeConfiguration RequestConfiguration { get; } = configuration; }

    private sealed class TaskHostLikeEngine : Microsoft.Build.Framework.IBuildEngine
    {
#pragma warning disable IDE0052, CS0414 // read by reflection, as MSBuild's own field is
        private readonly object _requestEntry;
#pragma warning restore IDE0052, CS0414
        private readonly RecordingBuildEngine _inner = new();
        public TaskHostLikeEngine(IReadOnlyList<string> imports) => _requestEntry = new FakeRequestEntry(new FakeConfiguration(new FakeProject(imports)));
        public void LogErrorEvent(Microsoft.Build.Framework.BuildErrorEventArgs e) => _inner.LogErrorEvent(e);
        public void LogWarningEvent(Microsoft.Build.Framework.BuildWarningEventArgs e) => _inner.LogWarningEvent(e);
        public void LogMessageEvent(Microsoft.Build.Framework.BuildMessageEventArgs e) => _inner.LogMessageEvent(e);
        public void LogCustomEvent(Microsoft.Build.Framework.CustomBuildEventArgs e) { }
        public bool BuildProjectFile(string projectFileName, string[] targetNames, System.Collections.IDictionary globalProperties, System.Collections.IDictionary targetOutputs) => false;
        public bool ContinueOnError => false;
        public int LineNumberOfTaskNode => 0;
        public int ColumnNumberOfTaskNode => 0;
        public string ProjectFileOfTaskNode => "test.csproj";
    }

    [Fact]
    public void ReadsTheImportListThroughTheTaskHostChain()
    {
        string[] imports = ["/sdk/Sdk.props", "/repo/obj/App.csproj.nuget.g.targets"];
        Assert.Equal(imports, ProjectImports.Of(new TaskHostLikeEngine(imports)));
    }

    [Fact]
    public void AnEngineWithoutTheChainOrAnEmptyListGivesNoList()
    {
        Assert.Null(ProjectImports.Of(new RecordingBuildEngine()));
        Assert.Null(ProjectImports.Of(new TaskHostLikeEngine([])));
    }

    [Fact]
    public void WithoutTheImportListTheProjectIsNotEligible()
    {
        using var folder = new ProjectFolder("ff-imports-");
        var engine = new RecordingBuildEngine();
        var task = new EvaluateProjectSkip
        {
            BuildEngine = engine, ProjectFile = folder.ProjectFile, StateDirectory = folder.StateDirectory,
            StatCacheFile = folder.StatCacheFile, Enabled = "true", UsingNetSdk = "true",
            Imports = [folder.ProjectFile], ConeDirectories = [folder.Root], OutputDirectories = [folder.Obj],
        };
        Assert.True(task.Execute());
        Assert.Empty(engine.Warnings);
        Assert.Equal(ProjectSkipDecision.Outcomes.NotEligible, task.Decision);
        Assert.False(task.Skip);
        Assert.Null(task.Fingerprint);
        Assert.Contains("list of imported files", Assert.Single(task.Reasons), StringComparison.Ordinal);
    }
}
