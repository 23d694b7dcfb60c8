using System.Collections.Concurrent;
using System.Diagnostics;
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
    /// <summary>Stores off the compile's critical path (null: stores run inside the compile).</summary>
    private readonly CacheWriter? _writer;
    /// <summary>Problems of background stores, until a task of the same node logs them (or the drain writes them down).</summary>
    private readonly ConcurrentQueue<BackgroundProblem> _backgroundProblems = new();

    private CompileCache(CompileCacheSettings settings, TieredCache? tiered, IReadOnlyList<Diagnostic> openProblems)
    {
        Settings = settings;
        _tiered = tiered;
        OpenDiagnostics = Once(openProblems);
        if (tiered is not null && settings.BackgroundStore && !settings.ReadOnly) _writer = new CacheWriter(settings.WriterConcurrency);
    }

    /// <summary>True when <see cref="TryStoreInBackground"/> takes stores (FlowForgeCacheBackgroundStore, the default).</summary>
    public bool StoresInBackground => _writer is not null;

    /// <summary>Stores queued or running in the background writer.</summary>
    public int PendingStores => _writer?.Pending ?? 0;

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
        var signer = ResolveSigner(settings, out var keyProblem);
        if (keyProblem is not null)
        {
            // A build meant to take only signed entries must not fall back to taking any: no cache at all this build.
            problems.Add(Diagnostic.Warning(CacheDiagnosticCodes.CacheKeyUnusable,
                $"The build cache key is unusable: {keyProblem}. The build cache is off for this build. Set {EntrySigner.KeyVariable} " +
                "or FlowForgeCacheKeyFile (cache.keyFile) to keys of at least 16 characters, e.g. from `openssl rand -hex 32`."));
            return new CompileCache(settings, null, problems);
        }

        var store = ContentStore.Open(settings.Root, new ContentStoreOptions
        {
            SizeLimitBytes = settings.SizeLimitBytes,
            LargeFileThreshold = settings.LargeFileThreshold,
            ReadOnly = settings.ReadOnly,
            Signer = signer,
        });
        problems.AddRange(store.OpenDiagnostics);

        HttpRemoteCache? remote = null;
        if (settings.RemoteUrl is not null)
        {
            var options = RemoteCacheOptions.FromUrl(settings.RemoteUrl, settings.RemoteReadOnly, out var urlProblem, environment);
            if (urlProblem is not null) problems.Add(urlProblem);
            if (options is not null && RemoteCacheUrl.HasCredentials(settings.RemoteUrl) && !settings.RemoteUrlWarnedByConfigFile)
                problems.Add(Diagnostic.Warning(FlowForge.Config.ConfigDiagnosticCodes.CredentialsInFile,
                    $"The remote cache URL {RemoteCacheUrl.Sanitize(settings.RemoteUrl)} carries a user name or password. They are used, but an " +
                    "MSBuild property is recorded in binlogs and shown by -v:diag, and the environment is visible to every process of the build. " +
                    $"Remove them from the URL and set {RemoteCacheOptions.TokenVariable} (or {RemoteCacheOptions.UserVariable} and " +
                    $"{RemoteCacheOptions.PasswordVariable}) in the build environment instead."));
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
    /// The keys entries are signed and checked with: FLOWFORGE_CACHE_KEY's, else the key file's (read now), else null (no
    /// key: entries are neither signed nor checked). <paramref name="problem"/> says why a configured key is unusable.
    /// </summary>
    public static EntrySigner? ResolveSigner(CompileCacheSettings settings, out string? problem)
    {
        problem = settings.KeyProblem;
        if (settings.Signer is not null || problem is not null || settings.KeyFile is null) return settings.Signer;
        return ReadKeyFile(settings.KeyFile, out problem);
    }

    /// <summary>Reads the keys of a key file (one per line, '#' comments), or returns null with the problem.</summary>
    private static EntrySigner? ReadKeyFile(string path, out string? problem)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            problem = $"the key file '{path}' (FlowForgeCacheKeyFile) cannot be read ({e.Message})";
            return null;
        }
        var signer = EntrySigner.Parse(text, $"the key file '{path}'", out problem);
        if (signer is null && problem is null) problem = $"the key file '{path}' holds no key";
        return signer;
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
        IReadOnlyList<CompilerDiagnostic> diagnostics, TimeSpan compileTime, IReadOnlyDictionary<string, ContentHash>? outputHashes = null,
        bool uploadToRemote = true)
    {
        if (_tiered is null || Settings.ReadOnly) return CompileCacheStoreResult.NotStored([]);
        var relative = RelativeOutputs(objDirectory, outputs, out var pathProblem);
        if (relative is null) return CompileCacheStoreResult.NotStored(Once([pathProblem]));

        var result = _tiered.StoreAsync(fingerprint, objDirectory, relative, CompilerDiagnosticFormat.SerializeAll(diagnostics), compileTime,
            expectedHashes: ExpectedByRelative(objDirectory, outputHashes), uploadToRemote: uploadToRemote).GetAwaiter().GetResult();
        return new CompileCacheStoreResult(result.Local.Stored, result.Local.BytesAdded, result.BlobsUploaded, result.BytesUploaded,
            result.EntryUploaded, Once(result.Problems));
    }

    /// <summary>
    /// Hands a store to the background writer and returns at once: the writer stores locally, then uploads, while the
    /// build goes on (see <see cref="Store"/> for what is stored). <paramref name="outputHashes"/> (full path → the hash
    /// recorded right after the compile) spares the writer a second hash of each output and makes it refuse outputs
    /// rewritten since (<see cref="CacheDiagnosticCodes.OutputChangedAfterCompile"/>). <paramref name="completed"/> runs on
    /// the writer's thread when the store ends, dropped or not. <paramref name="uploadToRemote"/> as for <see cref="Store"/>. Its problems wait in <see cref="TakeBackgroundProblems"/>.
    /// <paramref name="confirmInputs"/> runs first on the writer's thread (the check that the compile's inputs still give
    /// the fingerprint, which reads every input: off the critical path too); a diagnostic from it means nothing is stored,
    /// and it becomes one of the background problems.
    /// False when there is no writer or the build is ending (<see cref="DrainWriter"/> began): call <see cref="Store"/>.
    /// </summary>
    public bool TryStoreInBackground(string projectName, ContentHash fingerprint, string objDirectory, IReadOnlyList<string> outputs,
        IReadOnlyDictionary<string, ContentHash>? outputHashes, IReadOnlyList<CompilerDiagnostic> diagnostics, TimeSpan compileTime,
        Action<BackgroundStoreResult>? completed = null, bool uploadToRemote = true, Func<Diagnostic?>? confirmInputs = null)
    {
        if (_writer is null || _tiered is null) return false;
        var relative = RelativeOutputs(objDirectory, outputs, out _);
        if (relative is null) return false; // the synchronous store reports the unsafe path
        var expected = ExpectedByRelative(objDirectory, outputHashes);
        var serialized = CompilerDiagnosticFormat.SerializeAll(diagnostics);
        long bytes = 0;
        foreach (var path in relative)
            if (OutputPath.Resolve(objDirectory, path, out _) is { } full && new FileInfo(full) is { Exists: true } info) bytes += info.Length;
        long queued = Stopwatch.GetTimestamp();
        var tiered = _tiered;
        return _writer.TryEnqueue(projectName, bytes, async token =>
        {
            var waited = Stopwatch.GetElapsedTime(queued);
            long started = Stopwatch.GetTimestamp();
            TieredStoreResult? result = null;
            Diagnostic? refused = null;
            try
            {
                refused = confirmInputs?.Invoke();
                if (refused is null)
                    result = await tiered.StoreAsync(fingerprint, objDirectory, relative, serialized, compileTime, token, expected, uploadToRemote).ConfigureAwait(false);
            }
            finally
            {
                var problems = result is not null ? Once(result.Problems) : refused is not null ? [refused] : [];
                foreach (var problem in problems) _backgroundProblems.Enqueue(new BackgroundProblem(projectName, problem));
                var outcome = result is null
                    ? CompileCacheStoreResult.NotStored(problems)
                    : new CompileCacheStoreResult(result.Local.Stored, result.Local.BytesAdded, result.BlobsUploaded, result.BytesUploaded,
                        result.EntryUploaded, problems);
                // Refused is an answer, not a store cut short.
                bool dropped = (result is null && refused is null) || result?.UploadCancelled == true;
                try { completed?.Invoke(new BackgroundStoreResult(outcome, dropped, waited, Stopwatch.GetElapsedTime(started))); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // the record is best effort
            }
            // A store cut short by the drain bound counts as dropped in the drain's report.
            if (result?.UploadCancelled == true) token.ThrowIfCancellationRequested();
        });
    }

    /// <summary>Problems of background stores not logged yet, each with the project it belongs to.</summary>
    public IReadOnlyList<BackgroundProblem> TakeBackgroundProblems()
    {
        var list = new List<BackgroundProblem>();
        while (_backgroundProblems.TryDequeue(out var problem)) list.Add(problem);
        return list;
    }

    /// <summary>
    /// The end of the build for this cache: waits for the background writer within
    /// <see cref="CompileCacheSettings.DrainTimeout"/> (then drops what is left: no entry is published half-way), and
    /// appends what it did, with any background problem no task logged, to the cache's writer log. Null without a writer.
    /// Called by <see cref="Dispose"/>, which MSBuild runs at the end of the build in every node.
    /// </summary>
    public CacheWriterDrain? DrainWriter()
    {
        if (_writer is null || _tiered is null) return null;
        var drain = _writer.Drain(Settings.DrainTimeout);
        var left = TakeBackgroundProblems();
        if (drain.Jobs > 0 || left.Count > 0) WriterLog.Append(_tiered.Local, drain, Settings.DrainTimeout, left);
        return drain;
    }

    private static Dictionary<string, ContentHash>? ExpectedByRelative(string objDirectory, IReadOnlyDictionary<string, ContentHash>? outputHashes)
    {
        if (outputHashes is null) return null;
        var objFull = Path.GetFullPath(objDirectory);
        var map = new Dictionary<string, ContentHash>(StringComparer.Ordinal);
        foreach (var (path, hash) in outputHashes)
        {
            var relative = Path.IsPathRooted(path) ? Path.GetRelativePath(objFull, Path.GetFullPath(path)) : path;
            if (OutputPath.Normalize(relative, out _) is { } normalized) map[normalized] = hash;
        }
        return map;
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

    /// <summary>Drains the background writer (bounded, see <see cref="DrainWriter"/>), then closes the remote's connections.
    /// Never throws: it runs in MSBuild's end-of-build cleanup.</summary>
    public void Dispose()
    {
        try { DrainWriter(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException) { }
        _writer?.Dispose();
        _tiered?.Dispose();
    }
}
