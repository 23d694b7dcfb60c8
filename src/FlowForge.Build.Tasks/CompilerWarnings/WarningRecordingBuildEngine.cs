using System.Collections;
using Microsoft.Build.Framework;

namespace FlowForge.Build.Tasks.CompilerWarnings;

/// <summary>
/// The build engine handed to the wrapped Csc: forwards every call to MSBuild's own engine unchanged (so the build log,
/// warnings-as-errors, yielding and node services behave exactly as without FlowForge) and keeps a copy of each warning
/// logged. Implements every engine interface up to <see cref="IBuildEngine10"/>, which the SDK's tasks may ask for;
/// an interface the real engine lacks fails as it would have.
/// </summary>
internal sealed class WarningRecordingBuildEngine(IBuildEngine inner) : IBuildEngine10
{
    private readonly List<BuildWarningEventArgs> _warnings = [];

    /// <summary>The warnings logged so far, in order.</summary>
    public IReadOnlyList<BuildWarningEventArgs> Warnings
    {
        get { lock (_warnings) return _warnings.ToArray(); }
    }

    public void LogWarningEvent(BuildWarningEventArgs e)
    {
        lock (_warnings) _warnings.Add(e);
        inner.LogWarningEvent(e);
    }

    public void LogErrorEvent(BuildErrorEventArgs e) => inner.LogErrorEvent(e);
    public void LogMessageEvent(BuildMessageEventArgs e) => inner.LogMessageEvent(e);
    public void LogCustomEvent(CustomBuildEventArgs e) => inner.LogCustomEvent(e);
    public bool ContinueOnError => inner.ContinueOnError;
    public int LineNumberOfTaskNode => inner.LineNumberOfTaskNode;
    public int ColumnNumberOfTaskNode => inner.ColumnNumberOfTaskNode;
    public string ProjectFileOfTaskNode => inner.ProjectFileOfTaskNode;

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) =>
        inner.BuildProjectFile(projectFileName, targetNames, globalProperties, targetOutputs);

    private T As<T>() where T : class => inner as T ?? throw new NotSupportedException($"MSBuild's engine does not implement {typeof(T).Name}.");

    // IBuildEngine2
    public bool IsRunningMultipleNodes => As<IBuildEngine2>().IsRunningMultipleNodes;
    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs, string toolsVersion) =>
        As<IBuildEngine2>().BuildProjectFile(projectFileName, targetNames, globalProperties, targetOutputs, toolsVersion);
    public bool BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IDictionary[] targetOutputsPerProject,
        string[] toolsVersion, bool useResultsCache, bool unloadProjectsOnCompletion) =>
        As<IBuildEngine2>().BuildProjectFilesInParallel(projectFileNames, targetNames, globalProperties, targetOutputsPerProject, toolsVersion, useResultsCache,
            unloadProjectsOnCompletion);

    // IBuildEngine3
    public BuildEngineResult BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties,
        IList<string>[] removeGlobalProperties, string[] toolsVersion, bool returnTargetOutputs) =>
        As<IBuildEngine3>().BuildProjectFilesInParallel(projectFileNames, targetNames, globalProperties, removeGlobalProperties, toolsVersion, returnTargetOutputs);
    public void Yield() => As<IBuildEngine3>().Yield();
    public void Reacquire() => As<IBuildEngine3>().Reacquire();

    // IBuildEngine4
    public void RegisterTaskObject(object key, object obj, RegisteredTaskObjectLifetime lifetime, bool allowEarlyCollection) =>
        As<IBuildEngine4>().RegisterTaskObject(key, obj, lifetime, allowEarlyCollection);
    public object GetRegisteredTaskObject(object key, RegisteredTaskObjectLifetime lifetime) => As<IBuildEngine4>().GetRegisteredTaskObject(key, lifetime);
    public object UnregisterTaskObject(object key, RegisteredTaskObjectLifetime lifetime) => As<IBuildEngine4>().UnregisterTaskObject(key, lifetime);

    // IBuildEngine5
    public void LogTelemetry(string eventName, IDictionary<string, string> properties) => As<IBuildEngine5>().LogTelemetry(eventName, properties);

    // IBuildEngine6
    public IReadOnlyDictionary<string, string> GetGlobalProperties() => As<IBuildEngine6>().GetGlobalProperties();

    // IBuildEngine7
    public bool AllowFailureWithoutError
    {
        get => As<IBuildEngine7>().AllowFailureWithoutError;
        set => As<IBuildEngine7>().AllowFailureWithoutError = value;
    }

    // IBuildEngine8
    public bool ShouldTreatWarningAsError(string warningCode) => As<IBuildEngine8>().ShouldTreatWarningAsError(warningCode);

    // IBuildEngine9
    public int RequestCores(int requestedCores) => As<IBuildEngine9>().RequestCores(requestedCores);
    public void ReleaseCores(int coresToRelease) => As<IBuildEngine9>().ReleaseCores(coresToRelease);

    // IBuildEngine10
    public EngineServices EngineServices => As<IBuildEngine10>().EngineServices;
}
