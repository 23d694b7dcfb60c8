using System.Diagnostics;
using FlowForge.Build.Tasks.Infrastructure;
using FlowForge.Caching;
using FlowForge.Core.Changes;
using FlowForge.Core.Configuration;
using FlowForge.Core.Diagnostics;
using FlowForge.Core.Fingerprints;
using FlowForge.Core.Hashing;
using FlowForge.Core.Records;
using Microsoft.Build.Framework;

namespace FlowForge.Build.Tasks;

/// <summary>
/// The compile gate's after-compile step, called by CoreCompile itself (through $(TargetsTriggeredByCompilation)) and so
/// only when Csc actually ran and succeeded: records the fingerprint and the outputs' hashes for the next build, unless
/// an input changed while the compiler ran (then the outputs may match neither version); after a build-cache miss, also
/// stores the outputs, the compiler's warnings and the compile time under the fingerprint.
/// </summary>
public sealed class RecordCompileFingerprint : FlowForgeTask
{
    [Required] public string ProjectFile { get; set; } = "";
    [Required] public string StateDirectory { get; set; } = "";
    /// <summary>CoreCompile's Outputs, as the SDK's target lists them.</summary>
    public ITaskItem[] CoreCompileOutputs { get; set; } = [];

    [Output] public bool Recorded { get; private set; }

    protected override void ExecuteCore()
    {
        var stateDirectory = Path.GetFullPath(StateDirectory);
        var gate = CompileHandoff.For(BuildEngine).TakeGate(stateDirectory);
        if (gate is null) return; // the gate did not run or stood aside: nothing to record
        var projectDirectory = Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!;
        var section = gate.Record.Compile ?? new ProjectRecord.CompileSection();
        double compileMs = Math.Round(Stopwatch.GetElapsedTime(gate.StartedTimestamp).TotalMilliseconds, 3);
        if (section.Decision != ProjectRecord.Decisions.Compiled)
        {
            // The gate expected a skip, yet CoreCompile ran (an input newer than the outputs appeared meanwhile, …).
            section.Decision = ProjectRecord.Decisions.Compiled;
            section.Reasons = ["CoreCompile ran although the fingerprint was unchanged", .. section.Reasons.Where(r => r != CompileGate.ContentUnchanged)];
        }

        var stateFile = Path.Combine(stateDirectory, CompileState.FileName);
        var outputHashes = new Dictionary<string, ContentHash>(StatCache.PathComparer);
        if (gate.Cache is { } cacheRequest) ReportBackgroundProblems(cacheRequest.Cache);
        // An input whose identity moved while the compiler ran (a ctime moves with every write) is caught here, by stat;
        // the content of every input is checked again before a cache store (ConfirmInputs).
        var editedDuringCompile = gate.InputStatus.Where(kv => FileStatus.Of(kv.Key) != kv.Value).Select(kv => kv.Key).ToList();
        try
        {
            if (editedDuringCompile.Count > 0)
            {
                // The outputs may match neither version of the edited input: keep no state, so the next build compiles.
                File.Delete(stateFile);
                if (gate.QuickCheckFile is not null) QuickCheckRecord.Delete(gate.QuickCheckFile);
                var changed = InputsChanged(editedDuringCompile, projectDirectory);
                section.Reasons.Add(changed.Reason);
                if (gate.Cache is not null) Report(changed.Warning);
            }
            else
            {
                var outputs = CoreCompileOutputs.Select(item => ProjectStateTask.FullPath(item, projectDirectory)).Where(p => p.Length > 0).ToList();
                var recorded = CompileStateWriter.Write(stateDirectory, projectDirectory, gate.Fingerprint, outputs, gate.Properties, compileMs, outputHashes);
                Recorded = true;
                if (gate.QuickCheckFile is not null)
                    QuickCheckRecord.Create(gate.CheckedFiles.Concat(recorded), gate.CheckStartedTicksUtc).Save(gate.QuickCheckFile);
            }
            // The background writer updates the record when its store ends: the two writes must not interleave.
            lock (gate.Record)
            {
                if (gate.Cache is { } request)
                {
                    gate.Record.Cache = editedDuringCompile.Count > 0
                        ? new ProjectRecord.CacheSection { Result = "miss", CacheMs = request.LookupMs }
                        : Store(request, gate, section, stateFile, projectDirectory, compileMs, outputHashes);
                }
                gate.Record.Compile = section;
                RecordLog.Write(Log, gate.Record);
                gate.Record.Save(gate.RecordFile);
                CompileHandoff.For(BuildEngine).PublishRecord(stateDirectory, gate.Record, gate.RecordFile);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ReportStateWriteFailure(stateDirectory, Diagnostic.Warning(DiagnosticCodes.GateFilesNotWritten,
                $"FlowForge could not record the compile of {Path.GetFileName(ProjectFile)} under '{stateDirectory}' ({e.Message}); the next build compiles it again. Check that obj/ is writable.",
                stateDirectory));
        }
        Log.LogMessage(MessageImportance.Low, "FlowForge compile record: fingerprint {0} ({1} ms from the gate to the end of the compile)",
            gate.Fingerprint.Hash.ToShortString(), compileMs);
    }

    /// <summary>
    /// Stores the outputs of the compile that just ran, with its warnings (from the SARIF log Csc wrote) and its time,
    /// under the fingerprint: handed to the cache's background writer (the default), or stored here. Either way every
    /// input is first hashed again by content (<see cref="ConfirmInputs"/>): on the writer's thread when the store is in
    /// the background, so that reading every input again costs the build's critical path nothing. Every problem is a
    /// coded warning; the build goes on.
    /// </summary>
    private ProjectRecord.CacheSection Store(CacheStoreRequest request, GateResult gate, ProjectRecord.CompileSection compile, string stateFile,
        string projectDirectory, double compileMs, IReadOnlyDictionary<string, ContentHash> outputHashes)
    {
        long started = Stopwatch.GetTimestamp();
        var section = new ProjectRecord.CacheSection { Result = "miss" };
        var sarif = request.ErrorLog is null ? null : SarifReader.ReadFile(request.ErrorLog, projectDirectory, request.WorkspaceRoot);
        var hashes = request.Outputs.Where(outputHashes.ContainsKey).ToDictionary(p => p, p => outputHashes[p], StatCache.PathComparer);
        var record = gate.Record;
        var recordFile = gate.RecordFile;
        if (sarif is { Success: true } && request.Cache.TryStoreInBackground(Path.GetFileName(ProjectFile), gate.Fingerprint.Hash, request.ObjDirectory,
                request.Outputs, hashes, sarif.Diagnostics!, TimeSpan.FromMilliseconds(compileMs), done => Finished(record, recordFile, section, done),
                uploadToRemote: !request.LocalOnly, confirmInputs: () => ConfirmInputs(gate, compile, section, stateFile, projectDirectory)?.Warning))
        {
            section.Result = "queued";
            Log.LogMessage(MessageImportance.Normal, "FlowForge cache: outputs handed to the background writer ({0} stores pending in this node)",
                request.Cache.PendingStores);
        }
        else if (ConfirmInputs(gate, compile, section, stateFile, projectDirectory) is { } changed)
        {
            Recorded = false;
            Report(changed.Warning);
        }
        else if (sarif is null)
        {
            Log.LogMessage(MessageImportance.Low, "FlowForge cache: not stored (the compiler's error log is not available)");
        }
        else if (!sarif.Success)
        {
            Report(sarif.Problem!);
        }
        else
        {
            var stored = request.Cache.Store(gate.Fingerprint.Hash, request.ObjDirectory, request.Outputs, sarif.Diagnostics!,
                TimeSpan.FromMilliseconds(compileMs), hashes, uploadToRemote: !request.LocalOnly);
            foreach (var problem in stored.Problems) Report(problem);
            if (stored.Stored)
            {
                section.Result = "stored";
                section.BytesStored = stored.BytesAdded;
                section.BytesUploaded = stored.BytesUploaded;
            }
            Log.LogMessage(MessageImportance.Normal, "FlowForge cache: {0} ({1} bytes added locally, {2} blobs / {3} bytes uploaded)",
                stored.Stored ? "stored" : "not stored", stored.BytesAdded, stored.BlobsUploaded, stored.BytesUploaded);
        }
        section.CacheMs = Math.Round(request.LookupMs + Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3);
        return section;
    }

    /// <summary>
    /// Before a store, trusting no stat data from an earlier build: every input the compiler read is read again and must
    /// give the hash it gave the fingerprint (docs/cache.md, "store only what is true"; installed SDK and package files are
    /// read once per build and node, <see cref="InstalledFileHashes"/>). Null when all do. Otherwise the outputs may
    /// match neither version of the changed input: the recorded compile is forgotten (the next build compiles), the
    /// record says why, and the FF1009 warning to report is returned. Runs on the task's thread or the writer's.
    /// </summary>
    private InputChange? ConfirmInputs(GateResult gate, ProjectRecord.CompileSection compile, ProjectRecord.CacheSection cache,
        string stateFile, string projectDirectory)
    {
        long started = Stopwatch.GetTimestamp();
        var changed = InputRecheck.Changed(gate.InputHashes, gate.HashByContent);
        double ms = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3);
        InputChange? change = changed.Count == 0 ? null : InputsChanged(changed, projectDirectory);
        if (change is not null)
        {
            try { File.Delete(stateFile); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // the changed input's identity tells the next build anyway
            if (gate.QuickCheckFile is not null) QuickCheckRecord.Delete(gate.QuickCheckFile);
        }
        lock (gate.Record)
        {
            cache.RecheckMs = ms;
            if (change is not null) compile.Reasons.Add(change.Reason);
        }
        return change;
    }

    /// <summary>What the record and the FF1009 warning say about inputs that changed while the project built.</summary>
    private sealed record InputChange(string Reason, Diagnostic Warning);

    private InputChange InputsChanged(IReadOnlyList<string> changed, string projectDirectory)
    {
        var names = string.Join(", ", changed.Take(3).Select(p => FlowForgePaths.Display(p, projectDirectory))) +
            (changed.Count > 3 ? $" and {changed.Count - 3} more" : "");
        return new InputChange("not recorded: inputs changed during the compile (" + names + ")",
            Diagnostic.Warning(DiagnosticCodes.InputChangedDuringBuild,
                $"{Path.GetFileName(ProjectFile)}: {names} changed while the project built, so its outputs may match neither version: they are not stored in the build cache and the next build compiles the project again. If a tool rewrites sources during the build, run it before the build.",
                changed[0]));
    }

    /// <summary>On the writer's thread, when a background store ends: the project's record tells how it ended.</summary>
    private static void Finished(ProjectRecord record, string recordFile, ProjectRecord.CacheSection section, BackgroundStoreResult done)
    {
        lock (record)
        {
            section.Result = done.Dropped ? "dropped" : done.Result.Stored ? "stored" : "miss";
            section.BytesStored = done.Result.BytesAdded;
            section.BytesUploaded = done.Result.BytesUploaded;
            section.StoreQueuedMs = Math.Round(done.Queued.TotalMilliseconds, 3);
            section.StoreMs = Math.Round(done.Writing.TotalMilliseconds, 3);
            // Saved only once the task has put the section into the record (the task saves under the same lock).
            if (ReferenceEquals(record.Cache, section)) record.Save(recordFile);
        }
    }
}
