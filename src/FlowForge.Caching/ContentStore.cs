using FlowForge.Core.Diagnostics;
using FlowForge.Core.Hashing;

namespace FlowForge.Caching;

/// <summary>
/// The local content-addressed build output cache. Blobs live under <c>cas/</c> named by their SHA-256, action entries
/// under <c>ac/</c> named by the compile fingerprint. Safe to share between threads, MSBuild nodes and concurrent builds:
/// every file appears by atomic rename of a complete temp file, every read is verified against its hash, and the only
/// lock guards the size index and deletions. No method throws for I/O problems: they come back as coded
/// <see cref="Diagnostic"/> warnings and the caller compiles instead.
/// </summary>
public sealed partial class ContentStore
{
    private readonly StoreLayout _layout;
    private readonly CacheFileSystem _fs;
    private readonly StatsLog _stats;
    private StoreTotals? _readOnlyTotals;

    private ContentStore(string root, ContentStoreOptions options)
    {
        _layout = new StoreLayout(root);
        Options = options;
        _fs = options.FileSystem;
        _stats = new StatsLog(_fs, _layout.StatsPath, enabled: !options.ReadOnly);
    }

    /// <summary>The cache root (full path).</summary>
    public string Root => _layout.Root;

    /// <summary>The options the store was opened with.</summary>
    public ContentStoreOptions Options { get; }

    /// <summary>Problems found while opening (unwritable root; size index rebuilt). Empty normally.</summary>
    public IReadOnlyList<Diagnostic> OpenDiagnostics { get; private set; } = [];

    /// <summary>
    /// Opens (creating if needed) the store at <paramref name="root"/>. Never throws for I/O problems: an unwritable
    /// root yields a store whose writes report <see cref="CacheDiagnosticCodes.NotWritable"/> and whose lookups miss.
    /// </summary>
    public static ContentStore Open(string root, ContentStoreOptions? options = null)
    {
        var store = new ContentStore(root, options ?? new ContentStoreOptions());
        store.OpenDiagnostics = store.Initialize();
        return store;
    }

    private List<Diagnostic> Initialize()
    {
        var problems = new List<Diagnostic>();
        if (Options.ReadOnly) return problems;
        try
        {
            _fs.CreateDirectory(_layout.CasRoot);
            _fs.CreateDirectory(_layout.AcRoot);
            _fs.CreateDirectory(TempRoot);
            if (!SizeIndex.TryRead(_fs, _layout.IndexPath, out _))
            {
                using var held = StoreLock.TryAcquire(_layout.LockPath, Options.LockTimeout, _fs);
                if (held is null) problems.Add(StoreErrors.LockTimeout(Root, Options.LockTimeout, "checking the size index"));
                else if (!SizeIndex.TryRead(_fs, _layout.IndexPath, out _))
                {
                    bool existed = _fs.FileExists(_layout.IndexPath);
                    var totals = SizeIndex.Scan(_fs, _layout);
                    SizeIndex.Write(_fs, _layout.IndexPath, totals);
                    if (existed || totals.Entries > 0 || totals.Blobs > 0)
                        problems.Add(new Diagnostic(CacheDiagnosticCodes.SizeIndexRebuilt, DiagnosticSeverity.Message,
                            $"The size index of the build cache at '{Root}' was {(existed ? "corrupt" : "missing")} and was rebuilt ({totals.Entries} entries, {totals.Bytes} bytes)."));
                }
            }
        }
        catch (Exception e) when (StoreErrors.IsIoFailure(e))
        {
            problems.Add(StoreErrors.WriteProblem(e, Root, "opening the cache for writing"));
        }
        return problems;
    }

    private string TempRoot => Path.Combine(_layout.Root, "tmp");

    /// <summary>Current totals from the size index: one small read, the same cost at any number of entries.</summary>
    public StoreTotals Totals => ReadTotals();

    /// <summary>Bytes of all blobs and entries (O(1), from the size index).</summary>
    public long SizeBytes => ReadTotals().Bytes;

    /// <summary>Number of action entries (O(1), from the size index).</summary>
    public long EntryCount => ReadTotals().Entries;

    private StoreTotals ReadTotals()
    {
        try
        {
            if (SizeIndex.TryRead(_fs, _layout.IndexPath, out var totals)) return totals;
            if (Options.ReadOnly) return _readOnlyTotals ??= SizeIndex.Scan(_fs, _layout);
            using var held = StoreLock.TryAcquire(_layout.LockPath, Options.LockTimeout, _fs);
            if (held is null) return SizeIndex.Scan(_fs, _layout);
            return LoadTotalsLocked();
        }
        catch (Exception e) when (StoreErrors.IsIoFailure(e))
        {
            return default;
        }
    }

    /// <summary>Reads the index, rebuilding it by a scan when it is missing or corrupt. Caller holds the lock.</summary>
    private StoreTotals LoadTotalsLocked()
    {
        if (SizeIndex.TryRead(_fs, _layout.IndexPath, out var totals)) return totals;
        totals = SizeIndex.Scan(_fs, _layout);
        SizeIndex.Write(_fs, _layout.IndexPath, totals);
        return totals;
    }

    /// <summary>
    /// Looks up the entry stored for <paramref name="key"/>. A hit means the manifest verified, every path in it is
    /// safe and every blob it names is present. A corrupt or unsafe manifest is a miss with a coded warning in
    /// <paramref name="problem"/>, and is deleted (so the warning comes once). An entry whose blobs were evicted is a
    /// plain miss.
    /// </summary>
    public bool TryGetEntry(ContentHash key, out ActionEntry? entry, out Diagnostic? problem)
    {
        entry = null;
        problem = null;
        var path = _layout.EntryPath(key);
        byte[] bytes;
        try
        {
            bytes = _fs.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            _stats.RecordMiss();
            return false;
        }
        catch (Exception e) when (StoreErrors.IsIoFailure(e))
        {
            problem = StoreErrors.ReadProblem(e, Root);
            return false;
        }

        var parsed = ActionEntrySerializer.TryParse(bytes, key, out var code, out var reason, Options.Signer);
        if (parsed is null)
        {
            // An untrusted entry is deleted like a corrupt one: the compile's signed entry then takes its place.
            problem = Diagnostic.Warning(code!, $"Build cache entry {key.ToShortString()} in '{Root}' is unusable: {reason}. " +
                (Options.ReadOnly ? "It was ignored (read-only cache)." : "It was deleted; the project compiles instead."));
            RemoveFiles([path]);
            _stats.RecordMiss();
            return false;
        }

        foreach (var file in parsed.Files)
        {
            if (!HasContent(file.Hash))
            {
                // Evicted independently (LRU works on files): an ordinary miss, and the entry is now useless.
                RemoveFiles([path]);
                _stats.RecordMiss();
                return false;
            }
        }
        entry = parsed;
        return true;
    }

    /// <summary>
    /// Copies every output of <paramref name="entry"/> to <c>destinationRoot/RelativePath</c> (copy, never a link),
    /// verifying each blob's SHA-256 and size while copying into a temp file beside its target. Only when all outputs
    /// verified are the temp files renamed into place, so a corrupt blob leaves the destination untouched: that blob
    /// and the entry are deleted and one <see cref="CacheDiagnosticCodes.CorruptBlob"/> warning is returned.
    /// </summary>
    public RestoreResult Restore(ActionEntry entry, string destinationRoot)
    {
        var targets = new string[entry.Files.Count];
        for (int i = 0; i < targets.Length; i++)
        {
            var target = OutputPath.Resolve(destinationRoot, entry.Files[i].RelativePath, out var reason);
            if (target is null)
            {
                RemoveFiles([_layout.EntryPath(entry.Key)]);
                _stats.RecordMiss();
                return RestoreResult.Miss(Diagnostic.Warning(CacheDiagnosticCodes.UnsafePath,
                    $"Build cache entry {entry.Key.ToShortString()} was rejected: output path '{entry.Files[i].RelativePath}' {reason}."));
            }
            targets[i] = target;
        }

        var temps = new List<(string Temp, string Target)>(targets.Length);
        long bytes = 0;
        try
        {
            for (int i = 0; i < targets.Length; i++)
            {
                var file = entry.Files[i];
                var blobPath = _layout.BlobPath(file.Hash);
                Stream blob;
                try
                {
                    blob = OpenContent(file.Hash);
                }
                catch (Chunked.CorruptChunkException e)
                {
                    _stats.RecordMiss();
                    return RestoreResult.Miss(ChunkRestoreProblem(e, entry, file.Hash));
                }
                catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
                {
                    RemoveFiles([_layout.EntryPath(entry.Key)]);
                    _stats.RecordMiss();
                    return RestoreResult.Miss(null);
                }
                catch (Exception e) when (StoreErrors.IsIoFailure(e))
                {
                    _stats.RecordMiss();
                    return RestoreResult.Miss(StoreErrors.ReadProblem(e, Root));
                }

                ContentHash actual;
                long length;
                using (blob)
                {
                    string temp;
                    Stream output;
                    try
                    {
                        _fs.CreateDirectory(Path.GetDirectoryName(targets[i])!);
                        temp = StoreLayout.TempPathFor(targets[i]);
                        output = _fs.CreateNew(temp);
                        temps.Add((temp, targets[i]));
                    }
                    catch (Exception e) when (StoreErrors.IsIoFailure(e))
                    {
                        _stats.RecordMiss();
                        return RestoreResult.Miss(RestoreProblem(e, targets[i]));
                    }
                    try
                    {
                        using (output) actual = HashingCopy.Copy(blob, output, out length);
                    }
                    catch (Chunked.CorruptChunkException e)
                    {
                        _stats.RecordMiss();
                        return RestoreResult.Miss(ChunkRestoreProblem(e, entry, file.Hash));
                    }
                    catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException && blob is Chunked.ChunkedContentStream)
                    {
                        // A chunk named by the list was evicted: the list is dangling. An ordinary miss.
                        RemoveDanglingChunkList(entry, file.Hash);
                        _stats.RecordMiss();
                        return RestoreResult.Miss(null);
                    }
                    catch (Exception e) when (StoreErrors.IsIoFailure(e))
                    {
                        // Read side or write side? A write failure is the usual case (obj/ disk full); either way a miss.
                        _stats.RecordMiss();
                        return RestoreResult.Miss(RestoreProblem(e, targets[i]));
                    }
                }

                if (actual != file.Hash || length != file.Size)
                {
                    var corruptBlob = actual != file.Hash;
                    // The index counted the blob at the size it was stored with, not what damage left of it.
                    RemoveFiles(corruptBlob ? [blobPath, _layout.ChunkListPath(file.Hash), _layout.EntryPath(entry.Key)] : [_layout.EntryPath(entry.Key)],
                        indexedBlobLength: corruptBlob ? file.Size : -1);
                    _stats.RecordMiss();
                    return RestoreResult.Miss(corruptBlob
                        ? Diagnostic.Warning(CacheDiagnosticCodes.CorruptBlob,
                            $"Build cache blob {file.Hash.ToShortString()} (for '{file.RelativePath}') in '{Root}' does not match its hash; " +
                            (Options.ReadOnly ? "it was ignored (read-only cache)" : "it and its entry were deleted") + " and the project compiles instead.")
                        : Diagnostic.Warning(CacheDiagnosticCodes.CorruptEntry,
                            $"Build cache entry {entry.Key.ToShortString()} gives '{file.RelativePath}' the wrong size; the entry was deleted."));
                }
                if (file.Executable)
                {
                    try { _fs.MakeExecutable(temps[^1].Temp); }
                    catch (Exception e) when (StoreErrors.IsIoFailure(e)) { }
                }
                bytes += length;
            }

            for (int i = 0; i < temps.Count; i++)
            {
                try
                {
                    _fs.Move(temps[i].Temp, temps[i].Target, overwrite: true);
                }
                catch (Exception e) when (StoreErrors.IsIoFailure(e))
                {
                    // Files renamed so far hold correct bytes of this entry, but the set is incomplete:
                    // report failure so the caller compiles, which rewrites them all.
                    _stats.RecordMiss();
                    return RestoreResult.Miss(RestoreProblem(e, temps[i].Target));
                }
                temps[i] = (string.Empty, temps[i].Target);
            }
        }
        finally
        {
            foreach (var (temp, _) in temps)
                if (temp.Length > 0) TryDelete(temp);
        }

        if (!Options.ReadOnly)
        {
            // LRU: a hit makes the entry and its blobs the most recently used files.
            var now = DateTime.UtcNow;
            Touch(_layout.EntryPath(entry.Key), now);
            foreach (var file in entry.Files) TouchContent(file.Hash, now);
        }
        _stats.RecordHit(bytes);
        return new RestoreResult(true, entry.Files.Count, bytes, null);
    }

    private Diagnostic RestoreProblem(Exception e, string target)
    {
        var cause = e is IOException io && StoreErrors.IsDiskFull(io) ? "the disk is full" : e.Message;
        return Diagnostic.Warning(CacheDiagnosticCodes.RestoreFailed,
            $"Cached outputs could not be written to '{target}' ({cause}); the project compiles instead.", target);
    }

    private void Touch(string path, DateTime time)
    {
        try { _fs.SetLastWriteTimeUtc(path, time); }
        catch (Exception e) when (StoreErrors.IsIoFailure(e)) { }
    }

    private void TryDelete(string path)
    {
        try { _fs.Delete(path); }
        catch (Exception e) when (StoreErrors.IsIoFailure(e)) { }
    }

    /// <summary>
    /// Deletes cache files found bad or useless and keeps the size index in step. If the lock cannot be had the
    /// files are deleted anyway (a bad file must go); the index then overstates the size until the next eviction
    /// scan corrects it, which only makes eviction come a little early.
    /// </summary>
    private void RemoveFiles(IReadOnlyList<string> paths, long indexedBlobLength = -1)
    {
        if (Options.ReadOnly) return;
        try
        {
            using var held = StoreLock.TryAcquire(_layout.LockPath, Options.LockTimeout, _fs);
            var delta = default(StoreTotals);
            foreach (var path in paths)
            {
                var length = _fs.GetLength(path);
                if (length < 0) continue;
                _fs.Delete(path);
                bool isEntry = path.StartsWith(_layout.AcRoot, StringComparison.Ordinal);
                if (!isEntry && indexedBlobLength >= 0) length = indexedBlobLength;
                delta = delta.Add(length, isEntry ? 1 : 0, isEntry ? 0 : 1);
            }
            if (held is not null && (delta.Entries > 0 || delta.Blobs > 0))
            {
                var totals = LoadTotalsLocked();
                SizeIndex.Write(_fs, _layout.IndexPath, totals.Add(-delta.Bytes, -delta.Entries, -delta.Blobs));
            }
        }
        catch (Exception e) when (StoreErrors.IsIoFailure(e))
        {
            // Best effort: the reader already treated the files as a miss.
        }
    }
}
