using System.Collections.Concurrent;
using FlowForge.Core.Diagnostics;
using FlowForge.Core.Hashing;

namespace FlowForge.Caching;

/// <summary>
/// Multi-level lookup: memory → local store → remote. A remote hit is downloaded and verified into the local store
/// first (blobs, then the entry), so restores always come from local disk and are verified once more while copying.
/// Concurrent requests for the same entry or blob in this process share one transfer. Stores go to the local store
/// and then, unless the remote is read-only or off, upload the blobs the server lacks (HEAD first) and the entry last,
/// so the server never holds an entry whose blobs are missing. Keep one instance per build (per MSBuild node:
/// RegisterTaskObject with Build lifetime) so the remote's circuit breaker spans the build.
/// Nothing here throws for cache or network problems.
/// </summary>
public sealed partial class TieredCache : IDisposable
{
    private readonly ConcurrentDictionary<ContentHash, ActionEntry> _memory = new();
    private readonly ConcurrentDictionary<ContentHash, Lazy<Task<(ActionEntry? Entry, List<Diagnostic> Problems)>>> _entryFetches = new();
    private readonly ConcurrentDictionary<ContentHash, Lazy<Task<RemoteStatus>>> _blobFetches = new();
    private readonly ConcurrentDictionary<ContentHash, Lazy<Task<bool>>> _blobUploads = new();
    /// <summary>Keys this build looked up on the remote and found missing: their upload needs no HEAD for the entry
    /// (a compile follows a miss, so this saves one request per compiled project; if another build uploaded it
    /// meanwhile, the PUT replaces an equivalent entry and the blobs' own HEADs still avoid sending any blob twice).</summary>
    private readonly ConcurrentDictionary<ContentHash, bool> _remoteMisses = new();
    /// <summary>Remote entries refused for want of a valid signature: this build's store overwrites them.</summary>
    private readonly ConcurrentDictionary<ContentHash, bool> _untrustedRemoteEntries = new();

    /// <param name="local">The local store (required: remote hits are kept there).</param>
    /// <param name="remote">The remote tier, or null for local only. Disposed with this object.</param>
    public TieredCache(ContentStore local, HttpRemoteCache? remote)
    {
        Local = local;
        Remote = remote;
    }

    public ContentStore Local { get; }
    public HttpRemoteCache? Remote { get; }

    /// <summary>Synchronous <see cref="LookupAsync"/> for MSBuild tasks (which have no synchronization context).</summary>
    public CacheLookup Lookup(ContentHash key) => LookupAsync(key).GetAwaiter().GetResult();

    /// <summary>Finds the entry for <paramref name="key"/> in memory, the local store, then the remote.</summary>
    public async Task<CacheLookup> LookupAsync(ContentHash key, CancellationToken cancellationToken = default)
    {
        if (_memory.TryGetValue(key, out var remembered)) return new CacheLookup(remembered, CacheTier.Memory, []);

        var problems = new List<Diagnostic>();
        if (Local.TryGetEntry(key, out var entry, out var problem))
        {
            _memory[key] = entry!;
            return new CacheLookup(entry, CacheTier.Local, []);
        }
        if (problem is not null) problems.Add(problem);

        // A read-only local store cannot keep a remote hit, and restores come from the local store.
        if (Remote is null || !Remote.IsAvailable || Local.Options.ReadOnly) return Finish(null, CacheTier.None, problems);

        var fetch = _entryFetches.GetOrAdd(key, k => new Lazy<Task<(ActionEntry?, List<Diagnostic>)>>(() => FetchEntryAsync(k, cancellationToken)));
        try
        {
            var (fetched, fetchProblems) = await fetch.Value.ConfigureAwait(false);
            problems.AddRange(fetchProblems);
            if (fetched is not null) _memory[key] = fetched;
            return Finish(fetched, fetched is null ? CacheTier.None : CacheTier.Remote, problems);
        }
        finally
        {
            _entryFetches.TryRemove(new KeyValuePair<ContentHash, Lazy<Task<(ActionEntry?, List<Diagnostic>)>>>(key, fetch));
        }
    }

    /// <summary>Restores from the local store (see <see cref="ContentStore.Restore"/>); forgets the entry on failure.</summary>
    public RestoreResult Restore(ActionEntry entry, string destinationRoot)
    {
        var result = Local.Restore(entry, destinationRoot);
        if (!result.Success) _memory.TryRemove(entry.Key, out _);
        return result;
    }

    /// <summary>Synchronous <see cref="StoreAsync"/> for MSBuild tasks.</summary>
    public TieredStoreResult Store(ContentHash key, string sourceRoot, IReadOnlyList<string> relativePaths, IReadOnlyList<string> diagnostics,
        TimeSpan compileTime = default, bool uploadToRemote = true) =>
        StoreAsync(key, sourceRoot, relativePaths, diagnostics, compileTime, uploadToRemote: uploadToRemote).GetAwaiter().GetResult();

    /// <summary>Stores locally, then uploads to the remote (unless read-only or off, or <paramref name="uploadToRemote"/> is false). With
    /// <paramref name="expectedHashes"/> see <see cref="ContentStore.Store"/>. Cancelling stops before the local entry is
    /// published (throws), or between uploads (the remote entry goes last, so the server never holds a partial one:
    /// <see cref="TieredStoreResult.UploadCancelled"/>).</summary>
    public async Task<TieredStoreResult> StoreAsync(ContentHash key, string sourceRoot, IReadOnlyList<string> relativePaths,
        IReadOnlyList<string> diagnostics, TimeSpan compileTime = default, CancellationToken cancellationToken = default,
        IReadOnlyDictionary<string, ContentHash>? expectedHashes = null, bool uploadToRemote = true)
    {
        var local = Local.Store(key, sourceRoot, relativePaths, diagnostics, compileTime, expectedHashes, cancellationToken);
        var problems = new List<Diagnostic>();
        if (local.Problem is not null) problems.Add(local.Problem);
        if (!local.Stored || local.Entry is null) return new TieredStoreResult(local, 0, 0, false, problems);
        _memory[key] = local.Entry;
        if (!uploadToRemote) return new TieredStoreResult(local, 0, 0, false, problems);
        var (blobs, bytes, entryUploaded) = await UploadAsync(local.Entry, cancellationToken).ConfigureAwait(false);
        if (Remote is not null) problems.AddRange(Remote.TakeDiagnostics());
        // The transfers end quietly when cancelled; the caller must still learn that the upload was cut short.
        return new TieredStoreResult(local, blobs, bytes, entryUploaded, problems)
        {
            UploadCancelled = !entryUploaded && cancellationToken.IsCancellationRequested,
        };
    }

    /// <summary>Uploads an entry already in the local store: missing blobs (HEAD first, bounded parallelism), then the entry.</summary>
    private async Task<(int Blobs, long Bytes, bool Entry)> UploadAsync(ActionEntry entry, CancellationToken cancellationToken)
    {
        if (Remote is null || Remote.Options.ReadOnly || !Remote.IsAvailable) return (0, 0, false);
        var entryPath = HttpRemoteCache.EntryPath(entry.Key);
        if (!_remoteMisses.TryRemove(entry.Key, out _))
        {
            var exists = await Remote.ExistsAsync(entryPath, cancellationToken).ConfigureAwait(false);
            if (exists is null || (exists == true && !_untrustedRemoteEntries.ContainsKey(entry.Key))) return (0, 0, false);
        }

        int blobs = 0;
        long bytes = 0;
        var uploads = entry.Files.Select(f => f.Hash).Distinct().Select(async hash =>
        {
            var upload = _blobUploads.GetOrAdd(hash, h => new Lazy<Task<bool>>(() => UploadBlobAsync(h, cancellationToken)));
            try
            {
                if (await upload.Value.ConfigureAwait(false))
                {
                    Interlocked.Increment(ref blobs);
                    Interlocked.Add(ref bytes, entry.Files.First(f => f.Hash == hash).Size);
                }
            }
            finally
            {
                _blobUploads.TryRemove(new KeyValuePair<ContentHash, Lazy<Task<bool>>>(hash, upload));
            }
        }).ToList();
        await Task.WhenAll(uploads).ConfigureAwait(false);

        // Entry last, and only if every blob is on the server by now (uploaded or already there).
        if (!Remote.IsAvailable) return (blobs, bytes, false);
        var manifest = Local.TryReadEntryBytes(entry.Key);
        if (manifest is null) return (blobs, bytes, false);
        bool sent = await Remote.PutAsync(entryPath, () => (new ByteArrayContent(manifest), manifest.Length), cancellationToken).ConfigureAwait(false);
        return (blobs, bytes, sent);
    }

    /// <summary>True when this call PUT the blob; false when the server had it, it is gone locally, or the remote is off.</summary>
    private async Task<bool> UploadBlobAsync(ContentHash hash, CancellationToken cancellationToken)
    {
        if (!Local.HasBlob(hash) && Local.IsChunked(hash)) return await UploadChunkedAsync(hash, cancellationToken).ConfigureAwait(false);
        return await UploadPlainBlobAsync(hash, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> UploadPlainBlobAsync(ContentHash hash, CancellationToken cancellationToken)
    {
        var path = HttpRemoteCache.BlobPath(hash);
        if (await Remote!.ExistsAsync(path, cancellationToken).ConfigureAwait(false) != false) return false;
        return await Remote.PutAsync(path, () =>
        {
            var stream = Local.TryOpenBlob(hash, out var length);
            return stream is null ? null : (new StreamContent(stream), length);
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(ActionEntry? Entry, List<Diagnostic> Problems)> FetchEntryAsync(ContentHash key, CancellationToken cancellationToken)
    {
        var problems = new List<Diagnostic>();
        var (status, bytes) = await Remote!.GetEntryAsync(key, cancellationToken).ConfigureAwait(false);
        if (status == RemoteStatus.NotFound) _remoteMisses[key] = true;
        if (status != RemoteStatus.Found || bytes is null) return (null, problems);

        var parsed = ActionEntrySerializer.TryParse(bytes, key, out var code, out var reason, Local.Options.Signer);
        if (parsed is null && code == CacheDiagnosticCodes.UntrustedEntry)
        {
            // Intact but not signed by a key holder: a miss. The server itself is fine (a keyless build may have written
            // it), so the remote stays on, and this build's signed entry replaces it after the compile.
            _untrustedRemoteEntries[key] = true;
            problems.Add(Diagnostic.Warning(code, $"Entry {key.ToShortString()} from the remote cache {Remote.DisplayUrl} was refused: {reason}. " +
                "The project compiles and its signed entry replaces it. Give every build that uploads the cache key, or make keyless builds read-only."));
            return (null, problems);
        }
        if (parsed is null)
        {
            // A manifest that fails its checksum or names another key came through the server: tampering or breakage, so
            // the remote is off for the rest of the build (as for a blob that does not hash to its name).
            var warningCode = code == CacheDiagnosticCodes.UnsafePath ? CacheDiagnosticCodes.UnsafePath : CacheDiagnosticCodes.RemoteTampered;
            Remote.Distrust(Diagnostic.Warning(warningCode, $"Entry {key.ToShortString()} from the remote cache {Remote.DisplayUrl} was rejected: {reason}. " +
                "The remote cache is off for the rest of this build. Check the server and any proxy in between."));
            return (null, problems);
        }

        // Blobs the local store lacks, fetched in parallel (bounded by the remote's transfer slots) and coalesced with
        // any other lookup of this process that needs the same blob.
        var needed = parsed.Files.GroupBy(f => f.Hash).Select(g => g.First()).Where(f => !Local.HasContent(f.Hash)).ToList();
        var statuses = await Task.WhenAll(needed.Select(async file =>
        {
            var fetch = _blobFetches.GetOrAdd(file.Hash, h => new Lazy<Task<RemoteStatus>>(() => FetchBlobAsync(h, file.Size, problems, cancellationToken)));
            try { return await fetch.Value.ConfigureAwait(false); }
            finally { _blobFetches.TryRemove(new KeyValuePair<ContentHash, Lazy<Task<RemoteStatus>>>(file.Hash, fetch)); }
        })).ConfigureAwait(false);
        if (statuses.Any(s => s != RemoteStatus.Found)) return (null, problems);

        var imported = Local.ImportEntry(key, bytes);
        if (imported is not null) problems.Add(imported);
        if (Local.TryGetEntry(key, out var entry, out var problem)) return (entry, problems);
        if (problem is not null) problems.Add(problem);
        return (null, problems);
    }

    /// <summary>Downloads one blob, verifies it, and publishes it to the local store. Found means it is local now.</summary>
    private async Task<RemoteStatus> FetchBlobAsync(ContentHash hash, long expectedSize, List<Diagnostic> problems, CancellationToken cancellationToken)
    {
        if (Local.HasContent(hash)) return RemoteStatus.Found;
        var (status, temp, length) = await Remote!.DownloadBlobAsync(hash, Local, cancellationToken).ConfigureAwait(false);
        // Not on the server whole: it may be there as chunks (whatever threshold the uploading build used).
        if (status == RemoteStatus.NotFound && expectedSize > 0)
            return await FetchChunkedAsync(hash, expectedSize, problems, cancellationToken).ConfigureAwait(false);
        return ImportDownloaded(hash, status, temp, length, expectedSize, "An entry", "blob", problems);
    }

    /// <summary>
    /// Publishes a downloaded blob (the remote tier has already checked it hashes to its name) to the local store,
    /// after checking its length against what the manifest or chunk list that named it says. Shared by whole blobs
    /// and chunks.
    /// </summary>
    private RemoteStatus ImportDownloaded(ContentHash hash, RemoteStatus status, string? temp, long length, long expectedLength,
        string referrer, string what, List<Diagnostic> problems)
    {
        if (status != RemoteStatus.Found || temp is null) return status == RemoteStatus.Found ? RemoteStatus.Unavailable : status;
        if (length != expectedLength)
        {
            // The bytes hash to the name, so they are genuine, but whoever named them disagrees about their size.
            Local.DeleteTemp(temp);
            Remote!.Distrust(Diagnostic.Warning(CacheDiagnosticCodes.RemoteTampered,
                $"{referrer} from the remote cache {Remote.DisplayUrl} gives the wrong size for {what} {hash.ToShortString()}; rejected, " +
                "and the remote cache is off for the rest of this build."));
            return RemoteStatus.Tampered;
        }
        var problem = Local.ImportBlob(hash, temp, length);
        if (problem is not null)
        {
            lock (problems) problems.Add(problem);
            return RemoteStatus.Unavailable;
        }
        return RemoteStatus.Found;
    }

    private CacheLookup Finish(ActionEntry? entry, CacheTier tier, List<Diagnostic> problems)
    {
        if (Remote is not null) problems.AddRange(Remote.TakeDiagnostics());
        return new CacheLookup(entry, tier, problems);
    }

    public void Dispose() => Remote?.Dispose();
}
