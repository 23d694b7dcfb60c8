using System.Diagnostics;
using FlowForge.Build.Tasks.Infrastructure;
using FlowForge.Caching;
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
        var editedDuringCompile = gate.InputStatus.Where(kv => FileStatus.Of(kv.Key) != kv.Value).Select(kv => kv.Key).ToList();
        try
        {
            if (editedDuringCompile.Count > 0)
            {
                // The outputs may match neither version of the edited input: keep no state, so the next build compiles.
                File.Delete(stateFile);
                section.Reasons.Add("not recorded: inputs changed during the compile (" +
                    string.Join(", ", editedDuringCompile.Take(3).Select(p => FlowForgePaths.Display(p, projectDirectory))) + ")");
            }
            else
            {
                var outputs = CoreCompileOutputs.Select(item => ProjectStateTask.FullPath(item, projectDirectory)).Where(p => p.Length > 0).ToList();
                OutputTimes.TryGiveOneTime(outputs, Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(stateDirectory))!);
                CompileStateWriter.Write(stateDirectory, projectDirectory, gate.Fingerprint, outputs, gate.PropertyOnlyChanges, compileMs);
                Recorded = true;
            }
            if (gate.Cache is { } request)
                gate.Record.Cache = editedDuringCompile.Count > 0
                    ? new ProjectRecord.CacheSection { Result = "miss", CacheMs = request.LookupMs }
                    : Store(request, gate, projectDirectory, compileMs);
            gate.Record.Compile = section;
            gate.Record.Save(gate.RecordFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ReportStateWriteFailure(stateDirectory, Diagnostic.Warning(DiagnosticCodes.GateFilesNotWritten,
                $"FlowForge could not record the compile of {Path.GetFileName(ProjectFile)} under '{stateDirectory}' ({e.Message}); the next build compiles it again. Check that obj/ is writable.",
                stateDirectory));
        }
        Log.LogMessage(MessageImportance.Low, "FlowForge compile: recorded fingerprint {0} ({1} ms from the gate to the end of the compile)",
            gate.Fingerprint.Hash.ToShortString(), compileMs);
    }

    /// <summary>
    /// Stores the outputs of the compile that just ran, with its warnings (from the SARIF log Csc wrote) and its time,
    /// under the fingerprint. Every problem is a coded warning; the build goes on.
    /// </summary>
    private ProjectRecord.CacheSection Store(CacheStoreRequest request, GateResult gate, string projectDirectory, double compileMs)
    {
        long started = Stopwatch.GetTimestamp();
        var section = new ProjectRecord.CacheSection { Result = "miss" };
        if (request.ErrorLog is null)
        {
            Log.LogMessage(MessageImportance.Low, "FlowForge cache: not stored (the compiler's error log is not available)");
        }
        else
        {
            var sarif = SarifReader.ReadFile(request.ErrorLog, projectDirectory, request.WorkspaceRoot);
            if (!sarif.Success)
            {
                Report(sarif.Problem!);
            }
            else
            {
                var stored = request.Cache.Store(gate.Fingerprint.Hash, request.ObjDirectory, request.Outputs, sarif.Diagnostics!,
                    TimeSpan.FromMilliseconds(compileMs), uploadToRemote: !request.LocalOnly);
                foreach (var problem in stored.Problems) Report(problem);
                if (stored.Stored)
                {
                    section.Result = "stored";
                    section.BytesStored = stored.BytesAdded;
                }
                Log.LogMessage(MessageImportance.Normal, "FlowForge cache: {0} ({1} bytes added locally, {2} blobs / {3} bytes uploaded)",
                    stored.Stored ? "stored" : "not stored", stored.BytesAdded, stored.BlobsUploaded, stored.BytesUploaded);
            }
        }
        section.CacheMs = Math.Round(request.LookupMs + Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3);
        return section;
    }
}
