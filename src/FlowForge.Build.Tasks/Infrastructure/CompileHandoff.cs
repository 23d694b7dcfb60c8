using System.Collections.Concurrent;
using FlowForge.Core.Changes;
using FlowForge.Core.Fingerprints;
using FlowForge.Core.Hashing;
using FlowForge.Core.Records;
using Microsoft.Build.Framework;

namespace FlowForge.Build.Tasks.Infrastructure;

/// <summary>
/// Hands results from the compile gate of a project build to its after-compile step in the same node: the fingerprint
/// to store and the input stat data to check for edits made during the compile. Keyed by the project's FlowForge state
/// folder (one per project and target framework).
/// </summary>
internal sealed class CompileHandoff
{
    private readonly ConcurrentDictionary<string, GateResult> _gates = new(StatCache.PathComparer);
    private readonly ConcurrentDictionary<string, byte> _writeFailures = new(StatCache.PathComparer);
    private readonly ConcurrentDictionary<string, WrittenRecord> _records = new(StatCache.PathComparer);

    public static CompileHandoff For(IBuildEngine engine) =>
        BuildScoped.GetOrCreate(engine, "compile-handoff", () => new CompileHandoff(), out _);

    public void PublishGate(string stateDirectory, GateResult result) => _gates[Key(stateDirectory)] = result;
    public GateResult? TakeGate(string stateDirectory) => _gates.TryRemove(Key(stateDirectory), out var r) ? r : null;

    /// <summary>
    /// The record the after-compile step wrote for this project in this build. A background store saves that same object
    /// again when it ends (with the store's outcome), so a later step of the project build that adds a section (project
    /// skip) must change this object under its lock and save it, not a copy read from disk: two copies would each lose
    /// the other's part (a record left saying "queued" for a store that finished, or without its project-skip section).
    /// </summary>
    public void PublishRecord(string stateDirectory, ProjectRecord record, string recordFile) =>
        _records[Key(stateDirectory)] = new WrittenRecord(record, recordFile);

    public WrittenRecord? RecordOf(string stateDirectory) => _records.TryGetValue(Key(stateDirectory), out var r) ? r : null;

    /// <summary>True the first time a write under this state folder fails in this build. Change detection, the gate and
    /// the after-compile step all write there, so one unwritable obj/ folder must be one warning, not three.</summary>
    public bool IsFirstWriteFailure(string stateDirectory) => _writeFailures.TryAdd(Key(stateDirectory), 0);

    private static string Key(string stateDirectory) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(stateDirectory));
}

/// <summary>A project's record as this build wrote it; lock <see cref="Record"/> to change or save it.</summary>
internal sealed record WrittenRecord(ProjectRecord Record, string File);

/// <summary>What the gate decided and computed, for the after-compile step.</summary>
/// <param name="InputStatus">Each fingerprint input with the stat taken before its content was used.</param>
/// <param name="InputHashes">What each fingerprint input contributed to the fingerprint (a content hash, or a marker).</param>
/// <param name="HashByContent">Reads an input again the way the gate hashed it, always by content (before a store).</param>
/// <param name="CheckedFiles">Every file of the quick check besides the outputs, as this check saw it.</param>
/// <param name="QuickCheckFile">Where the quick-check record goes (null: the quick check is off).</param>
internal sealed record GateResult(
    CompileFingerprint Fingerprint,
    IReadOnlyDictionary<string, FileStatus> InputStatus,
    IReadOnlyDictionary<string, string> InputHashes,
    Func<string, string> HashByContent,
    IReadOnlyList<KeyValuePair<string, FileStatus>> CheckedFiles,
    string? QuickCheckFile,
    long CheckStartedTicksUtc,
    PropertyMemory Properties,
    ProjectRecord Record,
    string RecordFile,
    long StartedTimestamp,
    CacheStoreRequest? Cache = null);

/// <summary>
/// A build-cache miss the after-compile step should fill: where the outputs are, which files to store, where the
/// compiler's SARIF log is (its warnings are stored with the outputs), the time the lookup already cost, and whether the
/// outputs stay in the local cache (a non-deterministic compile, <see cref="FlowForge.Core.Fingerprints.NonDeterministicCompile"/>).
/// </summary>
internal sealed record CacheStoreRequest(
    FlowForge.Caching.CompileCache Cache,
    string ObjDirectory,
    IReadOnlyList<string> Outputs,
    string? ErrorLog,
    string? WorkspaceRoot,
    double LookupMs,
    bool LocalOnly = false);
