using FlowForge.Caching.Chunked;
using FlowForge.Chunking;
using FlowForge.Core.Diagnostics;
using FlowForge.Core.Hashing;

namespace FlowForge.Caching;

/// <summary>
/// Large files as chunk lists (docs/chunking.md). A file of at least <see cref="ContentStoreOptions.LargeFileThreshold"/>
/// is split by the chunker for its extension (C# members, TOML tables, JSON members, XML elements, else FastCDC); each
/// chunk is an ordinary blob in <c>cas/</c>, and <c>chunks/&lt;file sha256&gt;</c> lists them. Entries still name the
/// whole file's hash, so the entry format is unchanged; restore reassembles and verifies each chunk and the whole file.
/// <para>
/// Eviction rule: storing or restoring a chunked file touches its list and all its chunks together, so a chunk shared
/// by several files is always at least as recently used as the most recently used list naming it; LRU therefore
/// evicts a list no later than the chunks it needs (ties: lists first). A list left naming an evicted or corrupt chunk
/// is a plain miss at restore (and is deleted), never wrong bytes.
/// </para>
/// </summary>
public sealed partial class ContentStore
{
    /// <summary>Above this, a file is stored whole: chunking works on the file in memory.</summary>
    internal const long MaxChunkedFileBytes = 1L << 30;

    /// <summary>True when the store has <paramref name="hash"/> as a blob or as a chunk list.</summary>
    internal bool HasContent(ContentHash hash) => _fs.FileExists(_layout.BlobPath(hash)) || _fs.FileExists(_layout.ChunkListPath(hash));

    /// <summary>True when the store keeps <paramref name="fileHash"/> as a chunk list.</summary>
    public bool IsChunked(ContentHash fileHash) => _fs.FileExists(_layout.ChunkListPath(fileHash));

    private bool ShouldChunk(long size) => Options.LargeFileThreshold > 0 && size >= Options.LargeFileThreshold && size <= MaxChunkedFileBytes;

    /// <summary>
    /// Reads a chunk list, or null when there is none. A corrupt list is deleted and reported as
    /// <see cref="ChunkingDiagnosticCodes.CorruptChunkList"/> through <paramref name="problem"/>.
    /// </summary>
    internal ChunkList? TryReadChunkList(ContentHash fileHash, out Diagnostic? problem)
    {
        problem = null;
        var path = _layout.ChunkListPath(fileHash);
        byte[] bytes;
        try { bytes = _fs.ReadAllBytes(path); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return null; }
        catch (Exception e) when (StoreErrors.IsIoFailure(e)) { problem = StoreErrors.ReadProblem(e, Root); return null; }
        var list = ChunkList.TryParse(bytes, fileHash, out var reason);
        if (list is null)
        {
            problem = CorruptListWarning(fileHash, reason!);
            RemoveFiles([path]);
        }
        return list;
    }

    /// <summary>The exact bytes of a chunk list (what the remote stores), or null.</summary>
    internal byte[]? TryReadChunkListBytes(ContentHash fileHash)
    {
        try { return _fs.ReadAllBytes(_layout.ChunkListPath(fileHash)); }
        catch (Exception e) when (StoreErrors.IsIoFailure(e)) { return null; }
    }

    private Diagnostic CorruptListWarning(ContentHash fileHash, string reason) =>
        Diagnostic.Warning(ChunkingDiagnosticCodes.CorruptChunkList,
            $"The chunk list of cached file {fileHash.ToShortString()} in '{Root}' is unusable ({reason}); " +
            (Options.ReadOnly ? "it was ignored (read-only cache)." : "it was deleted and the lookup is a miss."));

    /// <summary>Opens a stored file: its blob, or its chunks reassembled (each verified while read).</summary>
    private Stream OpenContent(ContentHash hash)
    {
        try
        {
            return _fs.OpenRead(_layout.BlobPath(hash));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            var path = _layout.ChunkListPath(hash);
            byte[] bytes;
            try { bytes = _fs.ReadAllBytes(path); }
            catch (Exception missing) when (missing is DirectoryNotFoundException) { throw new FileNotFoundException(missing.Message, path); }
            var list = ChunkList.TryParse(bytes, hash, out var reason) ?? throw new CorruptChunkException(hash, isList: true, reason!);
            return new ChunkedContentStream(list, chunk => _fs.OpenRead(_layout.BlobPath(chunk)));
        }
    }

    /// <summary>Turns a bad chunk or list met during a restore into deletions and one coded warning.</summary>
    private Diagnostic ChunkRestoreProblem(CorruptChunkException e, ActionEntry entry, ContentHash fileHash)
    {
        if (e.IsList)
        {
            RemoveFiles([_layout.ChunkListPath(fileHash), _layout.EntryPath(entry.Key)]);
            return CorruptListWarning(fileHash, e.Reason);
        }
        RemoveFiles([_layout.BlobPath(e.Hash), _layout.ChunkListPath(fileHash), _layout.EntryPath(entry.Key)]);
        return Diagnostic.Warning(ChunkingDiagnosticCodes.CorruptChunk,
            $"Chunk {e.Hash.ToShortString()} of cached file {fileHash.ToShortString()} in '{Root}' is corrupt ({e.Reason}); " +
            (Options.ReadOnly ? "it was ignored (read-only cache)" : "it, the chunk list and the entry were deleted") + " and the project compiles instead.");
    }

    /// <summary>A chunk list naming a chunk that is gone (evicted): delete the list and the entry; an ordinary miss.</summary>
    private void RemoveDanglingChunkList(ActionEntry entry, ContentHash fileHash) =>
        RemoveFiles([_layout.ChunkListPath(fileHash), _layout.EntryPath(entry.Key)]);

    /// <summary>Marks a stored file as just used: its blob, or its chunk list and every chunk (the eviction rule above).</summary>
    private void TouchContent(ContentHash hash, DateTime now)
    {
        var blob = _layout.BlobPath(hash);
        if (_fs.FileExists(blob)) { Touch(blob, now); return; }
        TouchChunked(hash, now);
    }

    /// <summary>Touches a chunk list and its chunks; false when there is no usable list.</summary>
    private bool TouchChunked(ContentHash hash, DateTime now)
    {
        var path = _layout.ChunkListPath(hash);
        if (!_fs.FileExists(path)) return false;
        var list = TryReadChunkList(hash, out _);
        if (list is null) return false;
        // Chunks first: a concurrent eviction scan must never see the list newer than its chunks.
        foreach (var chunk in list.Chunks) Touch(_layout.BlobPath(chunk.Hash), now);
        Touch(path, now);
        return true;
    }

    /// <summary>
    /// Phase 1 of storing a large output (no lock): reads it, checks it still has the hash measured before, splits it,
    /// and writes the chunks the store lacks and the chunk list to temp files in tmp/.
    /// </summary>
    private void PrepareChunked(PendingBlob output)
    {
        var bytes = new byte[output.Size];
        using (var stream = _fs.OpenRead(output.Source!))
        {
            stream.ReadExactly(bytes);
            if (stream.ReadByte() >= 0) throw new SourceChangedException(output.RelativePath);
        }
        if (ContentHash.Of(bytes) != output.Hash) throw new SourceChangedException(output.RelativePath);

        var chunks = Chunkers.ForFile(output.RelativePath, bytes, ChunkingOptions.Storage).Split(bytes);
        var parts = new List<PendingBlob>();
        var seen = new HashSet<ContentHash>();
        var now = DateTime.UtcNow;
        _fs.CreateDirectory(TempRoot);
        foreach (var chunk in chunks)
        {
            if (!seen.Add(chunk.Hash)) continue;
            var blobPath = _layout.BlobPath(chunk.Hash);
            if (_fs.FileExists(blobPath)) { Touch(blobPath, now); continue; }
            var part = new PendingBlob(output.RelativePath, null) { Hash = chunk.Hash, Size = chunk.Length };
            part.Temp = Path.Combine(TempRoot, $".chunk.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            using (var temp = _fs.CreateNew(part.Temp)) temp.Write(bytes, chunk.Offset, chunk.Length);
            parts.Add(part);
        }
        var list = new ChunkList(output.Hash, output.Size, chunks.Select(c => new ChunkRef(c.Hash, c.Length)).ToArray());
        output.ChunkList = list;
        output.ChunkParts = parts;
        var listBytes = list.Serialize();
        output.ChunkListTemp = Path.Combine(TempRoot, $".chunks.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        output.ChunkListSize = listBytes.Length;
        using (var temp = _fs.CreateNew(output.ChunkListTemp)) temp.Write(listBytes);
    }

    /// <summary>
    /// Phase 2 for a chunked output (caller holds the lock): publishes missing chunks, then the list, so a list never
    /// names a chunk that is not there. Returns a problem when a chunk present in phase 1 was evicted meanwhile.
    /// </summary>
    private Diagnostic? PublishChunkedLocked(PendingBlob output, ref StoreTotals totals, ref long added)
    {
        var listPath = _layout.ChunkListPath(output.Hash);
        if (_fs.FileExists(listPath)) return null; // stored by someone else meanwhile
        foreach (var part in output.ChunkParts!)
        {
            var blobPath = _layout.BlobPath(part.Hash);
            if (_fs.FileExists(blobPath)) continue;
            _fs.CreateDirectory(Path.GetDirectoryName(blobPath)!);
            _fs.Move(part.Temp!, blobPath, overwrite: true);
            part.Temp = null;
            totals = totals.Add(part.Size, 0, 1);
            added += part.Size;
        }
        foreach (var chunk in output.ChunkList!.Chunks)
            if (!_fs.FileExists(_layout.BlobPath(chunk.Hash)))
                return Diagnostic.Warning(CacheDiagnosticCodes.WriteFailed,
                    $"A chunk of '{output.RelativePath}' was evicted while it was being stored; the outputs were not stored (the next compile stores them).");
        _fs.CreateDirectory(Path.GetDirectoryName(listPath)!);
        _fs.Move(output.ChunkListTemp!, listPath, overwrite: true);
        output.ChunkListTemp = null;
        totals = totals.Add(output.ChunkListSize, 0, 1);
        added += output.ChunkListSize;
        return null;
    }

    /// <summary>Publishes a chunk list downloaded from the remote once all its chunks are local (remote imports).</summary>
    internal Diagnostic? ImportChunkList(ContentHash fileHash, byte[] bytes)
    {
        if (Options.ReadOnly) return null;
        var list = ChunkList.TryParse(bytes, fileHash, out var reason);
        if (list is null) return CorruptListWarning(fileHash, reason!);
        string? temp = null;
        try
        {
            _fs.CreateDirectory(TempRoot);
            temp = Path.Combine(TempRoot, $".chunks.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            using (var stream = _fs.CreateNew(temp)) stream.Write(bytes);
            using var held = StoreLock.TryAcquire(_layout.LockPath, Options.LockTimeout, _fs);
            if (held is null) return StoreErrors.LockTimeout(Root, Options.LockTimeout, "keeping the remote hit locally");
            var path = _layout.ChunkListPath(fileHash);
            if (_fs.FileExists(path)) return null;
            if (list.Chunks.Any(c => !_fs.FileExists(_layout.BlobPath(c.Hash))))
                return Diagnostic.Warning(CacheDiagnosticCodes.WriteFailed, $"A chunk of remote file {fileHash.ToShortString()} was evicted while it was being imported; not kept.");
            _fs.CreateDirectory(Path.GetDirectoryName(path)!);
            _fs.Move(temp, path, overwrite: true);
            temp = null;
            SizeIndex.Write(_fs, _layout.IndexPath, LoadTotalsLocked().Add(bytes.Length, 0, 1));
            return null;
        }
        catch (Exception e) when (StoreErrors.IsIoFailure(e))
        {
            return StoreErrors.WriteProblem(e, Root, "keeping the remote hit locally");
        }
        finally
        {
            if (temp is not null) TryDelete(temp);
        }
    }

    /// <summary>
    /// Verify's pass over chunk lists: a corrupt list is deleted (<see cref="ChunkingDiagnosticCodes.CorruptChunkList"/>);
    /// a list naming a missing or corrupt chunk is deleted as dangling. Runs after blobs were checked.
    /// </summary>
    private void VerifyChunkLists(HashSet<ContentHash> badBlobs, List<Diagnostic> problems, ref int lists, ref int corrupt, ref int dangling)
    {
        foreach (var file in _fs.EnumerateFiles(_layout.ChunkListRoot).Where(f => !StoreLayout.IsTempName(f.Path)).ToList())
        {
            lists++;
            var name = Path.GetFileName(file.Path);
            if (!ContentHash.TryParse(name, out var fileHash))
            {
                corrupt++;
                problems.Add(Diagnostic.Warning(ChunkingDiagnosticCodes.CorruptChunkList, $"'{name}' in the chunk lists is not named by a hash{(Options.ReadOnly ? "" : "; deleted")}."));
                RemoveFiles([file.Path]);
                continue;
            }
            byte[] bytes;
            try { bytes = _fs.ReadAllBytes(file.Path); }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { continue; }
            var list = ChunkList.TryParse(bytes, fileHash, out var reason);
            if (list is null)
            {
                corrupt++;
                problems.Add(CorruptListWarning(fileHash, reason!));
                RemoveFiles([file.Path]);
            }
            else if (list.Chunks.Any(c => badBlobs.Contains(c.Hash) || !_fs.FileExists(_layout.BlobPath(c.Hash))))
            {
                dangling++;
                RemoveFiles([file.Path]);
            }
        }
    }
}
