using System.Collections;
using Microsoft.Build.Framework;

namespace FlowForge.Build.Tasks.Tests;

/// <summary>
/// A build engine shaped like MSBuild's TaskHost where it matters to project skip: a private <c>_requestEntry</c> field
/// leading to the running project's import list (BuildRequestEntry → BuildRequestConfiguration → ProjectInstance,
/// read by reflection as <see cref="Infrastructure.ProjectImports"/> reads MSBuild's own), and registered objects shared
/// between the tasks given the same engine, like one node in one build (<see cref="RecordingBuildEngine"/>).
/// </summary>
internal sealed class TaskHostLikeEngine(IReadOnlyList<string> imports) : IBuildEngine4
{
    private sealed class FakeProject(IReadOnlyList<string> imports) { public IReadOnlyList<string> ImportPaths { get; } = imports; }
    private sealed class FakeConfiguration(FakeProject project) { public FakeProject Project { get; } = project; }
    private sealed class FakeRequestEntry(FakeConfiguration configuration) { public FakeConfiguration RequestConfiguration { get; } = configuration; }

#pragma warning disable IDE0052, CS0414 // read by reflection, as MSBuild's own field is
    private readonly object _requestEntry = new FakeRequestEntry(new FakeConfiguration(new FakeProject(imports)));
#pragma warning restore IDE0052, CS0414

    /// <summary>What the tasks logged and registered.</summary>
    public RecordingBuildEngine Inner { get; } = new();

    public void LogErrorEvent(BuildErrorEventArgs e) => Inner.LogErrorEvent(e);
    public void LogWarningEvent(BuildWarningEventArgs e) => Inner.LogWarningEvent(e);
    public void LogMessageEvent(BuildMessageEventArgs e) => Inner.LogMessageEvent(e);
    public void LogCustomEvent(CustomBuildEventArgs e) { }
    public bool ContinueOnError => false;
    public int LineNumberOfTaskNode => 0;
    public int ColumnNumberOfTaskNode => 0;
    public string ProjectFileOfTaskNode => "test.csproj";
    public bool IsRunningMultipleNodes => false;
    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;
    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs, string toolsVersion) => false;
    public bool BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IDictionary[] targetOutputsPerProject, string[] toolsVersion, bool useResultsCache, bool unloadProjectsOnCompletion) => throw new NotSupportedException();
    public BuildEngineResult BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IList<string>[] removeGlobalProperties, string[] toolsVersion, bool returnTargetOutputs) => throw new NotSupportedException();
    public void Yield() { }
    public void Reacquire() { }
    public void RegisterTaskObject(object key, object obj, RegisteredTaskObjectLifetime lifetime, bool allowEarlyCollection) => Inner.RegisterTaskObject(key, obj, lifetime, allowEarlyCollection);
    public object? GetRegisteredTaskObject(object key, RegisteredTaskObjectLifetime lifetime) => Inner.GetRegisteredTaskObject(key, lifetime);
    public object? UnregisterTaskObject(object key, RegisteredTaskObjectLifetime lifetime) => Inner.UnregisterTaskObject(key, lifetime);
}
