using System.Diagnostics;
using FlowForge.Caching;
using FlowForge.Core.Diagnostics;
using FlowForge.Core.Fingerprints;
using FlowForge.Core.Hashing;
using FlowForge.Core.Records;

namespace FlowForge.Build.Tasks.Infrastructure;

/// <summary>
/// The compile gate's build-cache step, for a compile the gate found necessary: looks the fingerprint up (memory, local
/// folder, remote). Hit → the outputs are restored into obj/ and verified, placed past the newest input and recorded as
/// current, so CoreCompile is skipped exactly like after a gate skip and the next build is a plain skip. Miss → a store
/// request for the after-compile step. Only for a compile the cache can hold (the caller checks: Csc writes every
/// output, all under obj/). Does the decisions and the file work; the task logs what it returns.
/// </summary>
internal static class BuildCacheStep
{
    /// <param name="AllOutputs">Every CoreCompile output (full paths), for the times and the recorded state.</param>
    /// <param name="CompilerOutputs">The files Csc writes (full paths, distinct): what the cache stores and restores.</param>
    /// <param name="ErrorLog">The SARIF file Csc will write; its warnings are stored with the outputs.</param>
    /// <param name="LocalOnly">Store the outputs in the local cache only, never upload them (a non-deterministic compile).</param>
    public sealed record Request(
        CompileCache Cache,
        CompileFingerprint Fingerprint,
        IReadOnlyList<string> AllOutputs,
        long NewestInputTicks,
        DateTime CheckStartedUtc,
        string StateDirectory,
        string ProjectDirectory,
        string CheckoutRoot,
        PropertyMemory Properties,
        string ObjDirectory,
        IReadOnlyList<string> CompilerOutputs,
        string? ErrorLog,
        bool LocalOnly = false);

    /// <param name="Section">The record's cache section.</param>
    /// <param name="RestoredFrom">The tier that had the entry ("memory", "local", "remote"), on a hit.</param>
    /// <param name="Problems">Cache problems to report (corrupt entries, an unreachable remote, …).</param>
    /// <param name="Replay">The compiler's diagnostics stored with the entry, to log as the compile would have.</param>
    /// <param name="StateNotWritten">Why obj/ could not be updated after a restore (MSBuild then decides alone).</param>
    /// <param name="RestoredOutputs">After a restore: each output with its stat as recorded (for the quick-check record).</param>
    public sealed record Outcome(
        bool Restored,
        CacheStoreRequest? Store,
        ProjectRecord.CacheSection Section,
        string? RestoredFrom,
        IReadOnlyList<Diagnostic> Problems,
        IReadOnlyList<CompilerDiagnostic> Replay,
        string? StateNotWritten,
        IReadOnlyList<KeyValuePair<string, FileStatus>>? RestoredOutputs = null);

    public static Outcome Attempt(Request request)
    {
        long started = Stopwatch.GetTimestamp();
        double Elapsed() => Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3);
        var hit = request.Cache.TryRestore(request.Fingerprint.Hash, request.ObjDirectory, request.CompilerOutputs);
        if (!hit.Hit)
        {
            // A stale log from an earlier compile must never be stored as this compile's warnings.
            if (request.ErrorLog is not null) TryDelete(request.ErrorLog);
            double lookupMs = Elapsed();
            var store = new CacheStoreRequest(request.Cache, request.ObjDirectory, request.CompilerOutputs, request.ErrorLog, request.CheckoutRoot, lookupMs, request.LocalOnly);
            return new Outcome(false, store, new ProjectRecord.CacheSection { Result = "miss", CacheMs = lookupMs }, null, hit.Problems, [], null);
        }

        // Restored files are new: date them like a skip's outputs, past every input (one may carry a future mtime).
        var stamp = OutputTimes.UpToDateStamp(request.NewestInputTicks, request.CheckStartedUtc);
        string? stateNotWritten = null;
        List<KeyValuePair<string, FileStatus>>? restored = null;
        try
        {
            foreach (var path in request.AllOutputs)
                if (File.Exists(path)) File.SetLastWriteTimeUtc(path, stamp);
            restored = CompileStateWriter.Write(request.StateDirectory, request.ProjectDirectory, request.Fingerprint, request.AllOutputs,
                request.Properties, hit.SavedCompileTime.TotalMilliseconds);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stateNotWritten = e.Message;
        }

        var section = new ProjectRecord.CacheSection
        {
            Result = "hit",
            Source = hit.SourceName,
            BytesRestored = hit.BytesRestored,
            CacheMs = Elapsed(),
            CompileMsSaved = hit.SavedCompileTime > TimeSpan.Zero ? Math.Round(hit.SavedCompileTime.TotalMilliseconds, 3) : null,
        };
        return new Outcome(true, null, section, hit.SourceName, hit.Problems, hit.CompilerDiagnostics, stateNotWritten, restored);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
