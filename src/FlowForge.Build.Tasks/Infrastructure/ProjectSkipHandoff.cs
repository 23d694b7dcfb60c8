using System.Collections.Concurrent;
using FlowForge.Core.Hashing;
using FlowForge.Core.ProjectSkip;
using Microsoft.Build.Framework;

namespace FlowForge.Build.Tasks.Infrastructure;

/// <summary>
/// The project fingerprint the decision computed for a project that builds, kept in the node for the recording step
/// after the build (both run in the node that builds the project). The recording step must know that no input changed
/// while the project built; with the decision's own fingerprint at hand it re-stats the files it read instead of
/// computing the whole fingerprint again (<see cref="ProjectFingerprint.FilesStillAsComputed"/>), about a sixth of
/// FlowForge's CPU in a cold build's profile.
/// </summary>
internal sealed class ProjectSkipHandoff
{
    private readonly ConcurrentDictionary<string, ProjectFingerprint> _decided = new(StatCache.PathComparer);

    public static ProjectSkipHandoff For(IBuildEngine engine) =>
        BuildScoped.GetOrCreate(engine, "project-skip-handoff", () => new ProjectSkipHandoff(), out _);

    public void Publish(string stateFile, ProjectFingerprint fingerprint) => _decided[Key(stateFile)] = fingerprint;

    /// <summary>The fingerprint published for this state file in this build, once.</summary>
    public ProjectFingerprint? Take(string stateFile) => _decided.TryRemove(Key(stateFile), out var fingerprint) ? fingerprint : null;

    private static string Key(string stateFile) => Path.GetFullPath(stateFile);
}
