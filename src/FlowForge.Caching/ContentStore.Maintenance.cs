using FlowForge.Core.Diagnostics;
using FlowForge.Core.Hashing;

namespace FlowForge.Caching;

public sealed partial class ContentStore
{
    /// <summary>Temp files older than this are leftovers of killed processes and are deleted during eviction and Clear.</summary>
    private static readonly TimeSpan StaleTempAge = TimeSpan.FromHours(1);

    /// <summary>Evicts least-recently-used files until the store holds at most <paramref name="targetBytes"/>.
    /// <paramref name="progress"/> hears of each deletion (files deleted so far out of those to delete).</summary>
    public PruneResult Prune(long targetBytes, IProgress<VerifyProgress>? progress = null)
    {
        if (Options.ReadOnly) return new PruneResult(SizeBytes, SizeBytes, 0, null);
        try
        {
            using var held = StoreLock.TryAcquire(_layout.LockPath, Options.LockTimeout, _fs);
            if (held is null) return new PruneResult(SizeBytes, SizeBytes, 0, StoreErrors.LockTimeout(Root, Options.LockTimeout, "pruning"));
            return EvictLocked(Math.Max(0, targetBytes), progress);
        }
        catch (Exception e) when (StoreErrors.IsIoFailure(e))
        {
            return new PruneResult(0, 0, 0, StoreErrors.WriteProblem(e, Root, "pruning"));
        }
    }

    /// <summary>Deletes every entry and blob (and the stats log).</summary>
    public PruneResult Clear()
    {
        if (Options.ReadOnly) return new PruneResult(SizeBytes, SizeBytes, 0, null);
        try
        {
            using var held = StoreLock.TryAcquire(_layout.LockPath, Options.LockTimeout, _fs);
            if (held is null) return new PruneResult(SizeBytes, SizeBytes, 0, StoreErrors.LockTimeout(Root, Options.LockTimeout, "clearing"));
            var before = LoadTotalsLocked();
            foreach (var directory in new[] { _layout.CasRoot, _layout.AcRoot, _layout.ChunkListRoot, TempRoot })
                if (Directory.Exists(directory)) _fs.DeleteDirectory(directory);
            if (_fs.FileExists(_layout.StatsPath)) _fs.Delete(_layout.StatsPath);
            _fs.CreateDirectory(_layout.CasRoot);
            _fs.CreateDirectory(_layout.AcRoot);
            SizeIndex.Write(_fs, _layout.IndexPath, default);
            return new PruneResult(before.Bytes, 0, (int)Math.Min(int.MaxValue, before.Entries + before.Blobs), null);
        }
        catch (Exception e) when (StoreErrors.IsIoFailure(e))
        {
            return new PruneResult(0, 0, 0, StoreErrors.WriteProblem(e, Root, "clearing"));
        }
    }

    /// <summary>
    /// Batch LRU eviction: one scan of ac/ and cas/ (the files' mtimes are the access times, since hits touch them),
    /// oldest first until at most <paramref name="targetBytes"/> remain. Entries and blobs are evicted independently,
    /// like bazel-remote does; an entry left naming an evicted blob is a plain miss later. The scan also rebases the
    /// size index on what is really there. Caller holds the lock.
    /// </summary>
    private PruneResult EvictLocked(long targetBytes, IProgress<VerifyProgress>? progress = null)
    {
        var files = new List<CacheFileInfo>();
        long total = 0, entries = 0, blobs = 0;
        var staleBefore = DateTime.UtcNow - StaleTempAge;
        foreach (var root in new[] { _layout.AcRoot, _layout.ChunkListRoot, _layout.CasRoot })
        {
            foreach (var file in _fs.EnumerateFiles(root))
            {
                if (StoreLayout.IsTempName(file.Path)) continue;
                files.Add(file);
                total += file.Length;
                if (root == _layout.AcRoot) entries++; else blobs++;
            }
        }
        foreach (var file in _fs.EnumerateFiles(TempRoot).Concat(RootTempFiles()))
            if (file.LastWriteTimeUtc < staleBefore) TryDelete(file.Path);

        long before = total;
        int deleted = 0;
        if (total > targetBytes)
        {
            // Oldest first; on equal times entries and chunk lists go before blobs, so a list never outlives its chunks.
            files.Sort((a, b) =>
            {
                int byTime = a.LastWriteTimeUtc.CompareTo(b.LastWriteTimeUtc);
                return byTime != 0 ? byTime : IsBlobFile(a.Path).CompareTo(IsBlobFile(b.Path));
            });
            int toDelete = 0;
            for (long remaining = total; toDelete < files.Count && remaining > targetBytes; toDelete++) remaining -= files[toDelete].Length;
            foreach (var file in files)
            {
                if (total <= targetBytes) break;
                try { _fs.Delete(file.Path); }
                catch (Exception e) when (StoreErrors.IsIoFailure(e)) { continue; }
                total -= file.Length;
                deleted++;
                progress?.Report(new VerifyProgress(deleted, Math.Max(deleted, toDelete)));
                if (file.Path.StartsWith(_layout.AcRoot, StringComparison.Ordinal)) entries--; else blobs--;
            }
        }
        SizeIndex.Write(_fs, _layout.IndexPath, new StoreTotals(total, entries, blobs));
        return new PruneResult(before, total, deleted, null);
    }

    private bool IsBlobFile(string path) => path.StartsWith(_layout.CasRoot, StringComparison.Ordinal);

    private IEnumerable<CacheFileInfo> RootTempFiles()
    {
        foreach (var path in Directory.EnumerateFiles(_layout.Root, ".*.tmp"))
            yield return new CacheFileInfo(path, 0, File.GetLastWriteTimeUtc(path));
    }

    /// <summary>
    /// Re-hashes every blob and re-reads every entry. Corrupt blobs, corrupt or unsafe entries, and entries naming
    /// missing or corrupt blobs are removed (unless read-only) and reported; the size index is rebased afterwards.
    /// Long-running: the lock is taken only for the deletions, so builds keep using the store meanwhile.
    /// </summary>
    public VerifyResult Verify(IProgress<VerifyProgress>? progress = null)
    {
        var problems = new List<Diagnostic>();
        int blobsChecked = 0, entriesChecked = 0, corruptBlobs = 0, corruptEntries = 0, dangling = 0;
        try
        {
            var blobFiles = _fs.EnumerateFiles(_layout.CasRoot).Where(f => !StoreLayout.IsTempName(f.Path)).ToList();
            var entryFiles = _fs.EnumerateFiles(_layout.AcRoot).Where(f => !StoreLayout.IsTempName(f.Path)).ToList();
            int total = blobFiles.Count + entryFiles.Count, done = 0;
            var bad = new HashSet<ContentHash>();

            foreach (var file in blobFiles)
            {
                blobsChecked++;
                var name = Path.GetFileName(file.Path);
                bool ok = ContentHash.TryParse(name, out var expected);
                if (ok)
                {
                    try
                    {
                        using var stream = _fs.OpenRead(file.Path);
                        ok = HashingCopy.Copy(stream, null, out _) == expected;
                    }
                    catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { ok = true; } // evicted meanwhile
                }
                if (!ok)
                {
                    corruptBlobs++;
                    if (expected != default) bad.Add(expected);
                    problems.Add(Diagnostic.Warning(CacheDiagnosticCodes.CorruptBlob,
                        $"Build cache blob '{name}' does not match its hash{(Options.ReadOnly ? "" : "; deleted")}."));
                    RemoveFiles([file.Path]);
                }
                progress?.Report(new VerifyProgress(++done, total));
            }

            // Chunk lists after blobs (a list naming a bad or missing chunk is dangling), before entries.
            int lists = 0;
            VerifyChunkLists(bad, problems, ref lists, ref corruptBlobs, ref dangling);
            blobsChecked += lists;

            foreach (var file in entryFiles)
            {
                entriesChecked++;
                var name = Path.GetFileName(file.Path);
                ActionEntry? entry = null;
                string? code = CacheDiagnosticCodes.CorruptEntry, reason = "its name is not a hash";
                if (ContentHash.TryParse(name, out var key))
                {
                    try { entry = ActionEntrySerializer.TryParse(_fs.ReadAllBytes(file.Path), key, out code, out reason, Options.Signer); }
                    catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { progress?.Report(new VerifyProgress(++done, total)); continue; }
                }
                if (entry is null)
                {
                    corruptEntries++;
                    problems.Add(Diagnostic.Warning(code!, $"Build cache entry '{name}' is unusable: {reason}{(Options.ReadOnly ? "" : "; deleted")}."));
                    RemoveFiles([file.Path]);
                }
                else if (entry.Files.Any(f => bad.Contains(f.Hash) || !HasContent(f.Hash)))
                {
                    dangling++;
                    RemoveFiles([file.Path]);
                }
                progress?.Report(new VerifyProgress(++done, total));
            }

            if (!Options.ReadOnly)
            {
                using var held = StoreLock.TryAcquire(_layout.LockPath, Options.LockTimeout, _fs);
                if (held is not null) SizeIndex.Write(_fs, _layout.IndexPath, SizeIndex.Scan(_fs, _layout));
            }
        }
        catch (Exception e) when (StoreErrors.IsIoFailure(e))
        {
            problems.Add(StoreErrors.ReadProblem(e, Root));
        }
        return new VerifyResult(blobsChecked, entriesChecked, corruptBlobs, corruptEntries, dangling, problems);
    }

    /// <summary>Size from the index plus the hit rate of recent lookups from the stats log.</summary>
    public CacheStats GetStats()
    {
        var totals = ReadTotals();
        var (hits, misses, bytes) = _stats.Read();
        return new CacheStats(totals.Entries, totals.Blobs, totals.Bytes, Options.SizeLimitBytes, hits, misses, bytes);
    }
}
