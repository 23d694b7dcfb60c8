namespace FlowForge.Build.Tasks.Tests;

/// <summary>
/// A <see cref="RecordingBuildEngine"/> shaped like MSBuild's TaskHost where it matters to project skip: a private
/// <c>_requestEntry</c> field leading to the running project's import list (BuildRequestEntry → BuildRequestConfiguration
/// → ProjectInstance), read by reflection as <see cref="Infrastructure.ProjectImports"/> reads MSBuild's own. Tasks given
/// the same engine share registered objects, like one node in one build.
/// </summary>
internal sealed class TaskHostLikeEngine(IReadOnlyList<string> imports) : RecordingBuildEngine
{
    private sealed class FakeProject(IReadOnlyList<string> imports) { public IReadOnlyList<string> ImportPaths { get; } = imports; }
    private sealed class FakeConfiguration(FakeProject project) { public FakeProject Project { get; } = project; }
    private sealed class FakeRequestEntry(FakeConfiguration configuration) { public FakeConfiguration RequestConfiguration { get; } = configuration; }

#pragma warning disable IDE0052, CS0414 // read by reflection, as MSBuild's own field is
    private readonly object _requestEntry = new FakeRequestEntry(new FakeConfiguration(new FakeProject(imports)));
#pragma warning restore IDE0052, CS0414
}
