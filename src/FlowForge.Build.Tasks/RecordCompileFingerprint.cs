using System.Diagnostics;
using FlowForge.Build.Tasks.Infrastructure;
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
/// an input changed while the compiler ran (then the outputs may match neither version). The output cache (issue 4)
/// slots in here: store the outputs under the fingerprint.
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
                var outputs = new List<OutputFileState>();
                foreach (var item in CoreCompileOutputs)
                {
                    var path = EvaluateCompileGate.FullPath(item, projectDirectory);
                    var status = path.Length == 0 ? FileStatus.Missing : FileStatus.Of(path);
                    if (!status.Exists) continue;
                    var relative = FlowForgePaths.Display(path, projectDirectory);
                    if (outputs.Any(o => o.Path == relative)) continue;
                    outputs.Add(new OutputFileState
                    {
                        Path = relative,
                        Length = status.Length,
                        LastWriteTicksUtc = status.LastWriteTicksUtc,
                        Hash = ContentHash.OfFile(path).ToString(),
                    });
                }
                Directory.CreateDirectory(stateDirectory);
                // Components first, state last: the state is what a later build trusts.
                gate.Fingerprint.Save(Path.Combine(stateDirectory, CompileState.FingerprintFileName));
                new CompileState
                {
                    Fingerprint = gate.Fingerprint.HashText,
                    Outputs = outputs,
                    PropertyOnlyChanges = gate.PropertyOnlyChanges,
                    CompileMs = compileMs,
                    CompiledAtUtc = DateTimeOffset.UtcNow,
                }.Save(stateFile);
                Recorded = true;
            }
            gate.Record.Compile = section;
            gate.Record.Save(gate.RecordFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Report(Diagnostic.Warning(DiagnosticCodes.GateFilesNotWritten,
                $"FlowForge could not record the compile of {Path.GetFileName(ProjectFile)} under '{stateDirectory}' ({e.Message}); the next build compiles it again. Check that obj/ is writable.",
                stateDirectory));
        }
        Log.LogMessage(MessageImportance.Low, "FlowForge compile: recorded fingerprint {0} ({1} ms from the gate to the end of the compile)",
            gate.Fingerprint.Hash.ToShortString(), compileMs);
    }
}
