using FlowForge.Build.Tasks.Infrastructure;
using FlowForge.Core.ProjectSkip;

namespace FlowForge.Build.Tasks.Tests;

/// <summary>
/// Project skip's import list comes from MSBuild's own ProjectInstance through the engine's task host; whatever of that
/// chain is missing must make project skip stand aside, never decide on a partial list.
/// </summary>
public sealed class ProjectImportsTests
{
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
