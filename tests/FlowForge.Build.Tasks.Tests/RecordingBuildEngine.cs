using System.Collections;
using Microsoft.Build.Framework;

namespace FlowForge.Build.Tasks.Tests;

/// <summary>
/// A build engine that records what tasks log and shares registered objects like MSBuild does,
/// so tests can assert exact diagnostic codes and end a "build" (disposing build-scoped objects).
/// </summary>
public class RecordingBuildEngine : IBuildEngine4
{
    private readonly Dictionary<object, object> _registered = new();

    public List<BuildWarningEventArgs> Warnings { get; } = new();
    public List<BuildErrorEventArgs> Errors { get; } = new();
    public List<BuildMessageEventArgs> Messages { get; } = new();

    public IEnumerable<string> WarningCodes => Warnings.Select(w => w.Code);

    public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);
    public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(e);
    public void LogMessageEvent(BuildMessageEventArgs e) => Messages.Add(e);
    public void LogCustomEvent(CustomBuildEventArgs e) { }

    public bool ContinueOnError => false;
    public int LineNumberOfTaskNode => 0;
    public int ColumnNumberOfTaskNode => 0;
    public string ProjectFileOfTaskNode { get; set; } = "test.csproj";
    public bool IsRunningMultipleNodes => false;

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => throw new NotSupportedException();
    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs, string toolsVersion) => throw new NotSupportedException();
    public bool BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IDictionary[] targetOutputsPerProject, string[] toolsVersion, bool useResultsCache, bool unloadProjectsOnCompletion) => throw new NotSupportedException();
    public BuildEngineResult BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IList<string>[] removeGlobalProperties, string[] toolsVersion, bool returnTargetOutputs) => throw new NotSupportedException();
    public void Yield() { }
    public void Reacquire() { }

    public void RegisterTaskObject(object key, object obj, RegisteredTaskObjectLifetime lifetime, bool allowEarlyCollection) => _registered[key] = obj;
    public object? GetRegisteredTaskObject(object key, RegisteredTaskObjectLifetime lifetime) => _registered.GetValueOrDefault(key);
    public object? UnregisterTaskObject(object key, RegisteredTaskObjectLifetime lifetime) => _registered.Remove(key, out var value) ? value : null;

    /// <summary>What MSBuild does when a build ends: dispose build-scoped objects.</summary>
    public void EndBuild()
    {
        foreach (var value in _registered.Values) (value as IDisposable)?.Dispose();
        _registered.Clear();
    }
}
