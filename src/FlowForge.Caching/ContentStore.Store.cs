using FlowForge.Core.Diagnostics;
using FlowForge.Core.Hashing;

namespace FlowForge.Caching;

public sealed partial class ContentStore
{
    /// <summary>
    /// Stores the outputs <paramref name="relativePaths"/> (relative to <paramref name="sourceRoot"/>, the project's
    /// obj/ folder) and the compiler's warning lines as the entry for <paramref name="key"/>. Blobs already present are
    /// not copied again (only touched). New blobs and the manifest are written to temp files first; then, under the
    /// store lock, blobs are renamed into place before the manifest, so an entry never names a blob that is not
    /// there, and the size index is updated (and eviction run when over the limit). A read-only store skips silently.
    /// <para>
    /// <paramref name="expectedHashes"/> (by relative path, from the hashes recorded right after the compile) makes the
    /// store take those hashes instead of reading the outputs once more: a blob already present is only touched, and a
    /// new one is checked while it is copied. An output that no longer has its expected hash was rewritten after the
    /// compile: nothing is stored (<see cref="CacheDiagnosticCodes.OutputChangedAfterCompile"/>). Cancelling
    /// <paramref name="cancellationToken"/> before the entry is published throws and leaves no temp file and no entry.
    /// </para>
    /// </summary>
    public StoreResult Store(ContentHash key, string sourceRoot, IReadOnlyList<string> relativePaths, IReadOnlyList<string> diagnostics,
        TimeSpan compileTime = default, IReadOnlyDictionary<string, ContentHash>? expectedHashes = null,
        CancellationToken cancellationToken = default)
    {
        if (Options.ReadOnly) return StoreResult.Failed(null);

        var outputs = new List<PendingBlob>(relativePaths.Count);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var relative in relativePaths)
        {
            var source = OutputPath.Resolve(sourceRoot, relative, out var reason);
            if (source is null)
                return StoreResult.Failed(Diagnostic.Warning(CacheDiagnosticCodes.UnsafePath,
                    $"Output '{relative}' was not stored in the build cache: {reason}. Only files inside obj/ can be cached."));
            var normalized = OutputPath.Normalize(relative, out _)!;
            if (names.Add(normalized)) outputs.Add(new PendingBlob(normalized, source));
        }

        string? entryTemp = null;
        try
        {
            // Phase 1, no lock: hash each output (unless its hash is known); copy only those whose blob is not there yet.
            foreach (var output in outputs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                output.Executable = _fs.IsExecutable(output.Source!);
                if (expectedHashes is not null && expectedHashes.TryGetValue(output.RelativePath, out var known))
                {
                    if (_fs.GetLength(_layout.BlobPath(known)) is var present and >= 0)
                    {
                        // The blob is the compile's output by name: no need to read the file at all.
                        output.Hash = known;
                        output.Size = present;
                        Touch(_layout.BlobPath(known), DateTime.UtcNow);
                        continue;
                    }
                    var length = _fs.GetLength(output.Source!);
                    if (length >= 0 && !ShouldChunk(length) && !_fs.FileExists(_layout.ChunkListPath(known)))
                    {
                        // A new blob: one read that copies and checks the hash (a mismatch throws, nothing is kept).
                        output.Hash = known;
                        output.Size = length;
                        CopyToTemp(output, afterCompile: true);
                        continue;
                    }
                }
                using (var stream = _fs.OpenRead(output.Source!)) output.Hash = HashingCopy.Copy(stream, null, out output.Size);
                if (expectedHashes is not null && expectedHashes.TryGetValue(output.RelativePath, out var expected) && expected != output.Hash)
                    throw new SourceChangedException(output.RelativePath, afterCompile: true);
                var blobPath = _layout.BlobPath(output.Hash);
                if (_fs.FileExists(blobPath)) Touch(blobPath, DateTime.UtcNow);
                else if (TouchChunked(output.Hash, DateTime.UtcNow)) { } // stored before as a chunk list
                else if (ShouldChunk(output.Size)) PrepareChunked(output); // large: only missing chunks are written
                else CopyToTemp(output);
            }

            var entry = new ActionEntry(key,
                outputs.Select(o => new OutputFile(o.RelativePath, o.Hash, o.Size, o.Executable)).ToArray(),
                diagnostics.ToArray(), DateTime.UtcNow, Options.ToolVersion) { CompileTime = compileTime };
            var manifest = ActionEntrySerializer.Serialize(entry, Options.Signer);
            _fs.CreateDirectory(TempRoot);
            entryTemp = Path.Combine(TempRoot, $".ac.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            using (var stream = _fs.CreateNew(entryTemp)) stream.Write(manifest);

            // Phase 2, under the lock: publish blobs, then the manifest, then the index. Past this point the store
            // completes: cancelling now would only waste the copies.
            cancellationToken.ThrowIfCancellationRequested();
            var committed = CommitLocked(key, outputs, ref entryTemp, manifest.Length, out var added);
            if (committed is not null) return StoreResult.Failed(committed);
            return new StoreResult(true, entry, added, null);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException && outputs.Any(o => !_fs.FileExists(o.Source!)))
        {
            return StoreResult.Failed(Diagnostic.Warning(CacheDiagnosticCodes.ReadFailed,
                $"An output to cache is missing ({e.Message}); nothing was stored."));
        }
        catch (SourceChangedException e) when (e.AfterCompile)
        {
            return StoreResult.Failed(Diagnostic.Warning(CacheDiagnosticCodes.OutputChangedAfterCompile,
                $"Output '{e.RelativePath}' is no longer what the compile wrote (a step after the compile rewrote it in obj/ before the " +
                "cache's background writer read it); nothing was stored, so this project compiles on every cache miss. Set " +
                "FlowForgeCacheBackgroundStore=false for a project whose build rewrites its compile outputs in obj/."));
        }
        catch (SourceChangedException e)
        {
            return StoreResult.Failed(Diagnostic.Warning(CacheDiagnosticCodes.WriteFailed,
                $"Output '{e.RelativePath}' changed while it was being stored in the build cache; nothing was stored."));
        }
        catch (Exception e) when (StoreErrors.IsIoFailure(e))
        {
            return StoreResult.Failed(StoreErrors.WriteProblem(e, Root, "storing the outputs"));
        }
        finally
        {
            if (entryTemp is not null) TryDelete(entryTemp);
            foreach (var output in outputs)
            {
                if (output.Temp is not null) TryDelete(output.Temp);
                if (output.ChunkListTemp is not null) TryDelete(output.ChunkListTemp);
                foreach (var part in output.ChunkParts ?? [])
                    if (part.Temp is not null) TryDelete(part.Temp);
            }
        }
    }

    /// <summary>
    /// Takes the lock and publishes: blobs first (each only if still missing), then the manifest, then the size index;
    /// runs eviction when over the limit. Returns a problem, or null on success. Shared by <see cref="Store"/> and
    /// remote imports. <paramref name="entryTemp"/> is set to null once renamed (the caller deletes what is left);
    /// passing null publishes blobs only.
    /// </summary>
    private Diagnostic? CommitLocked(ContentHash key, IReadOnlyList<PendingBlob> blobs, ref string? entryTemp, long manifestLength, out long added)
    {
        added = 0;
        using var held = StoreLock.TryAcquire(_layout.LockPath, Options.LockTimeout, _fs);
        if (held is null) return StoreErrors.LockTimeout(Root, Options.LockTimeout, "storing the outputs");

        var totals = LoadTotalsLocked();
        foreach (var blob in blobs)
        {
            if (blob.ChunkList is not null)
            {
                var chunkProblem = PublishChunkedLocked(blob, ref totals, ref added);
                if (chunkProblem is not null) { SizeIndex.Write(_fs, _layout.IndexPath, totals); return chunkProblem; }
                continue;
            }
            var blobPath = _layout.BlobPath(blob.Hash);
            if (HasContent(blob.Hash)) continue; // stored by someone else meanwhile, or present from the start (whole or chunked): identical by name
            if (blob.Temp is null)
            {
                // Present in phase 1 but evicted since: copy it now (rare, so doing it under the lock is fine).
                if (blob.Source is null)
                    return Diagnostic.Warning(CacheDiagnosticCodes.WriteFailed,
                        $"Blob {blob.Hash.ToShortString()} was evicted while entry {key.ToShortString()} was being imported; not stored.");
                CopyToTemp(blob);
            }
            _fs.CreateDirectory(Path.GetDirectoryName(blobPath)!);
            _fs.Move(blob.Temp!, blobPath, overwrite: true);
            blob.Temp = null;
            totals = totals.Add(blob.Size, 0, 1);
            added += blob.Size;
        }

        if (entryTemp is not null)
        {
            var entryPath = _layout.EntryPath(key);
            var previous = _fs.GetLength(entryPath);
            _fs.CreateDirectory(Path.GetDirectoryName(entryPath)!);
            _fs.Move(entryTemp, entryPath, overwrite: true);
            entryTemp = null;
            totals = totals.Add(manifestLength - Math.Max(previous, 0), previous < 0 ? 1 : 0, 0);
            added += manifestLength - Math.Max(previous, 0);
        }
        SizeIndex.Write(_fs, _layout.IndexPath, totals);

        if (totals.Bytes > Options.SizeLimitBytes)
            EvictLocked((long)(Options.SizeLimitBytes * Options.EvictionLowWaterRatio));
        _stats.TrimIfLarge();
        return null;
    }

    /// <summary>Copies an output to a temp file in tmp/ (same volume as cas/, so the later rename is atomic),
    /// checking that it still has the hash measured in phase 1.</summary>
    private void CopyToTemp(PendingBlob output, bool afterCompile = false)
    {
        _fs.CreateDirectory(TempRoot);
        var temp = Path.Combine(TempRoot, $".cas.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        output.Temp = temp;
        ContentHash copied;
        long length;
        using (var source = _fs.OpenRead(output.Source!))
        using (var destination = _fs.CreateNew(temp))
            copied = HashingCopy.Copy(source, destination, out length);
        if (copied != output.Hash || length != output.Size) throw new SourceChangedException(output.RelativePath, afterCompile);
    }

    /// <summary>A blob on its way into cas/: from an output file (<see cref="Source"/>) or downloaded (<see cref="Temp"/> only).</summary>
    private sealed class PendingBlob(string relativePath, string? source)
    {
        public string RelativePath { get; } = relativePath;
        public string? Source { get; } = source;
        public ContentHash Hash;
        public long Size;
        public bool Executable;
        public string? Temp;
        /// <summary>Set for a large output stored as chunks (see ContentStore.Chunked.cs).</summary>
        public Chunked.ChunkList? ChunkList;
        public List<PendingBlob>? ChunkParts;
        public string? ChunkListTemp;
        public long ChunkListSize;
    }

    private sealed class SourceChangedException(string relativePath, bool afterCompile = false) : Exception
    {
        public string RelativePath { get; } = relativePath;
        /// <summary>The output differs from the hash recorded right after the compile (not merely changed mid-copy).</summary>
        public bool AfterCompile { get; } = afterCompile;
    }
}
