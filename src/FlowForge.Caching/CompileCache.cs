using System.Collections.Concurrent;
using FlowForge.Core.Diagnostics;
using FlowForge.Core.Hashing;

namespace FlowForge.Caching;

/// <summary>
/// The build output cache as the compile gate sees it: one call to restore a compile's outputs into obj/ by
/// fingerprint, one to store them after a compile. Behind it: memory → local <see cref="ContentStore"/> → HTTP remote
/// (<see cref="TieredCache"/>), configured from <see cref="CompileCacheSettings"/>.
/// <para>
/// Share one instance among all projects of a build in an MSBuild node (register it with
/// <c>RegisterTaskObject(settings.SharingKey, cache, RegisteredTaskObjectLifetime.Build, …)</c>; MSBuild disposes it at
/// the end of the build): the remote's circuit breaker then spans the build, so a dead or slow server costs one timeout
/// and one warning, and the problems of the cache folder (unwritable, disk full, lock timeout) are reported once, not
/// once per project. Thread-safe; safe across nodes and processes because the store is.
/// </para>
/// Nothing here throws for cache, disk or network problems: they come back as coded FF2xxx warnings and the compile runs.
/// </summary>
public sealed class CompileCache : IDisposable
{
    /// <summary>
    /// Problems of the cache folder or the machine rather than of one entry, reported once per instance (per build and
    /// node). Codes mapped to the same group count as one: an unwritable folder and a failing write are one problem.
    /// </summary>
    private static readonly Dictionary<string, string> OncePerBuild = new(StringComparer.Ordinal)
    {
        [CacheDiagnosticCodes.NotWritable] = "write",
        [CacheDiagnosticCodes.WriteFailed] = "write",
        [CacheDiagnosticCodes.ReadFailed] = "read",
        [CacheDiagnosticCodes.LockTimeout] = "lock",
        [CacheDiagnosticCodes.RestoreFailed] = "restore",
        [CacheDiagnosticCodes.SizeIndexRebuilt] = "index",
    };

    private readonly TieredCache? _tiered;
    private readonly ConcurrentDictionary<string, bool> _reported = new(StringComparer.Ordinal);

    private CompileCache(CompileCacheSettings settings, TieredCache? tiered, IReadOnlyList<Diagnostic> openProblems)
    {
        Settings = settings;
        _tiered = tiered;
        OpenDiagnostics = Once(openProblems);
    }

    /// <summary>The settings this cache was opened with.</summary>
    public CompileCacheSettings Settings { get; }

    /// <summary>Problems found while opening (unwritable folder, invalid remote URL, read-only for a pull request).
    /// Log them once: the task that created the instance does.</summary>
    public IReadOnlyList<Diagnostic> OpenDiagnostics { get; }

    /// <summary>False when FlowForgeCache=false: lookups miss and nothing is stored, without touching the disk.</summary>
    public bool Enabled => _tiered is not null;

    /// <summary>The local store, or null when disabled.</summary>
    public ContentStore? Local => _tiered?.Local;

    /// <summary>The remote URL for messages (no credentials), or null when there is no remote.</summary>
    public string? RemoteDisplayUrl => _tiered?.Remote?.DisplayUrl;

    /// <summary>False once the remote failed in this build (or when there is none).</summary>
    public bool RemoteAvailable => _tiered?.Remote?.IsAvailable == true;

    /// <summary>
    /// Opens the cache described by <paramref name="settings"/>. Never throws for I/O problems: an unwritable folder
    /// gives a cache whose stores are skipped with one warning. <paramref name="environment"/> supplies the remote's
    /// credentials (FLOWFORGE_REMOTE_CACHE_TOKEN, or _USER and _PASSWORD); tests pass their own.
    /// </summary>
    public static CompileCache Open(CompileCacheSettings settings, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Enabled) return new CompileCache(settings, null, []);

        var problems = new List<Diagnostic>();
        var store = ContentStore.Open(settings.Root, new ContentStoreOptions
        {
            SizeLimitBytes = settings.SizeLimitBytes,
            LargeFileThreshold = settings.LargeFileThreshold,
            ReadOnly = settings.ReadOnly,
        });
        problems.AddRange(store.OpenDiagnostics);

        HttpRemoteCache? remote = null;
        if (settings.RemoteUrl is not null)
        {
            var options = RemoteCacheOptions.FromUrl(settings.RemoteUrl, settings.RemoteReadOnly, out var urlProblem, environment);
            if (urlProblem is not null) problems.Add(urlProblem);
            if (options is not null)
            {
                remote = new HttpRemoteCache(options with
                {
                    ConnectTimeout = settings.RemoteConnectTimeout,
                    RequestTimeout = settings.RemoteReadTimeout,
                });
                if (settings.RemoteReadOnly && settings.RemoteReadOnlyReason?.StartsWith("pull-request", StringComparison.Ordinal) == true)
                    problems.Add(new Diagnostic(CacheDiagnosticCodes.RemoteReadOnlyForPullRequest, DiagnosticSeverity.Message,
                        $"The remote cache {remote.DisplayUrl} is read-only in this {settings.RemoteReadOnlyReason}: outputs are restored from it but not uploaded. " +
                        "Set FlowForgeRemoteCacheReadOnly=false to upload anyway."));
            }
        }
        return new CompileCache(settings, new TieredCache(store, remote), problems);
    }

    /// <summary>
    /// Restores the outputs stored for <paramref name="fingerprint"/> into <paramref name="objDirectory"/>: looks in
    /// memory, the local store, then the remote (a remote hit is verified into the local store first); the entry must
    /// name exactly <paramref name="expectedOutputs"/> (paths relative to obj/, or full paths inside it). Each file is
    /// copied (never linked) through a temp file and its SHA-256 checked before anything is renamed into place. If the
    /// restore fails midway, every output the entry names is deleted from obj/, so no mix of old and restored files can
    /// make MSBuild think the compile is up to date; the compile then runs normally.
    /// </summary>
    public CompileCacheRestore TryRestore(ContentHash fingerprint, string objDirectory, IReadOnlyList<string> expectedOutputs)
    {
        if (_tiered is null) return CompileCacheRestore.Miss([]);
        var expected = RelativeOutputs(objDirectory, expectedOutputs, out var pathProblem);
        if (expected is null) return CompileCacheRestore.Miss(Once([pathProblem]));

        var problems = new List<Diagnostic?>();
        var lookup = _tiered.Lookup(fingerprint);
        problems.AddRange(lookup.Problems);
        if (lookup.Entry is not { } entry) return CompileCacheRestore.Miss(Once(problems));

        // The fingerprint covers the options that decide the outputs, so a different set means the caller changed
        // what it expects (e.g. a newer gate): not this entry's fault, so a plain miss that the next store replaces.
        var stored = entry.Files.Select(f => f.RelativePath).ToHashSet(StringComparer.Ordinal);
        if (!stored.SetEquals(expected)) return CompileCacheRestore.Miss(Once(problems));

        var restored = _tiered.Restore(entry, objDirectory);
        if (!restored.Success)
        {
            problems.Add(restored.Problem);
            DeleteOutputs(objDirectory, entry);
            return CompileCacheRestore.Miss(Once(problems));
        }
        return new CompileCacheRestore(true, lookup.Tier, restored.FilesRestored, restored.BytesRestored, entry.CompileTime,
            CompilerDiagnosticFormat.ParseAll(entry.Diagnostics), Once(problems));
    }

    /// <summary>
    /// Stores <paramref name="outputs"/> (relative to <paramref name="objDirectory"/>, or full paths inside it) and the
    /// compiler's <paramref name="diagnostics"/> as the entry for <paramref name="fingerprint"/>, then uploads to the
    /// remote unless it is read-only (only the blobs the server lacks, then the entry). Call it only after a compile
    /// that ran, succeeded and saw no input change while running. <paramref name="compileTime"/> is kept so a later hit
    /// can tell how much time it saved. <paramref name="uploadToRemote"/> false keeps the entry in the local store only
    /// (the outputs of a non-deterministic compile: see docs/cache.md).
    /// </summary>
    public CompileCacheStoreResult Store(ContentHash fingerprint, string objDirectory, IReadOnlyList<string> outputs,
        IReadOnlyList<CompilerDiagnostic> diagnostics, TimeSpan compileTime, bool uploadToRemote = true)
    {
        if (_tiered is null || Settings.ReadOnly) return CompileCacheStoreResult.NotStored([]);
        var relative = RelativeOutputs(objDirectory, outputs, out var pathProblem);
        if (relative is null) return CompileCacheStoreResult.NotStored(Once([pathProblem]));

        var result = _tiered.Store(fingerprint, objDirectory, relative, CompilerDiagnosticFormat.SerializeAll(diagnostics), compileTime, uploadToRemote);
        return new CompileCacheStoreResult(result.Local.Stored, result.Local.BytesAdded, result.BlobsUploaded, result.BytesUploaded,
            result.EntryUploaded, Once(result.Problems));
    }

    /// <summary>Size and recent hit rate of the local store (O(1) size), or null when disabled.</summary>
    public CacheStats? GetStats() => _tiered?.Local.GetStats();

    /// <summary>
    /// The outputs as canonical paths relative to obj/ ('/' separators), or null with an
    /// <see cref="CacheDiagnosticCodes.UnsafePath"/> warning when one is outside obj/ or unsafe.
    /// </summary>
    private static List<string>? RelativeOutputs(string objDirectory, IReadOnlyList<string> outputs, out Diagnostic? problem)
    {
        problem = null;
        var list = new List<string>(outputs.Count);
        var objFull = Path.GetFullPath(objDirectory);
        foreach (var output in outputs)
        {
            var relative = Path.IsPathRooted(output) ? Path.GetRelativePath(objFull, Path.GetFullPath(output)) : output;
            var normalized = OutputPath.Normalize(relative, out var reason);
            if (normalized is null || OutputPath.Resolve(objFull, normalized, out reason) is null)
            {
                problem = Diagnostic.Warning(CacheDiagnosticCodes.UnsafePath,
                    $"Output '{output}' is not inside the intermediate folder '{objFull}' ({reason}); the build cache only stores and " +
                    "restores files under obj/, so this compile is not cached. Keep IntermediateOutputPath for the compile's outputs.");
                return null;
            }
            if (!list.Contains(normalized, StringComparer.Ordinal)) list.Add(normalized);
        }
        return list;
    }

    private static void DeleteOutputs(string objDirectory, ActionEntry entry)
    {
        foreach (var file in entry.Files)
        {
            var path = OutputPath.Resolve(objDirectory, file.RelativePath, out _);
            if (path is null) continue;
            try { File.Delete(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    /// <summary>Drops nulls, and problems of the folder or machine already reported by this instance.</summary>
    private IReadOnlyList<Diagnostic> Once(IEnumerable<Diagnostic?> problems)
    {
        var list = new List<Diagnostic>();
        foreach (var problem in problems)
            if (problem is not null && (!OncePerBuild.TryGetValue(problem.Code, out var group) || _reported.TryAdd(group, true)))
                list.Add(problem);
        return list;
    }

    public void Dispose() => _tiered?.Dispose();
}
