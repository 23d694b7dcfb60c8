using FlowForge.Caching.Chunked;
using FlowForge.Chunking;
using FlowForge.Core.Diagnostics;
using FlowForge.Core.Hashing;

namespace FlowForge.Caching;

/// <summary>
/// The remote side of chunked storage (docs/chunking.md). A large file goes up as its chunks (<c>/cas/&lt;chunk&gt;</c>,
/// each only if HEAD says the server lacks it) and then its chunk list under <c>/ac/&lt;ChunkList.RemoteKey&gt;</c>, last,
/// so the server never holds a list whose chunks are missing; a list already on the server means nothing to send.
/// Downloads fetch the list, verify it describes the wanted file, fetch only the chunks the local store lacks (each
/// re-hashed), then keep the list locally; the restore verifies the whole file once more.
/// </summary>
public sealed partial class TieredCache
{
    private async Task<bool> UploadChunkedAsync(ContentHash fileHash, CancellationToken cancellationToken)
    {
        var listPath = HttpRemoteCache.EntryPath(ChunkList.RemoteKey(fileHash));
        if (await Remote!.ExistsAsync(listPath, cancellationToken).ConfigureAwait(false) != false) return false;
        var listBytes = Local.TryReadChunkListBytes(fileHash);
        var list = listBytes is null ? null : ChunkList.TryParse(listBytes, fileHash, out _);
        if (list is null) return false;

        var uploads = list.Chunks.Select(c => c.Hash).Distinct().Select(async chunk =>
        {
            var upload = _blobUploads.GetOrAdd(chunk, h => new Lazy<Task<bool>>(() => UploadPlainBlobAsync(h, cancellationToken)));
            try { await upload.Value.ConfigureAwait(false); }
            finally { _blobUploads.TryRemove(new KeyValuePair<ContentHash, Lazy<Task<bool>>>(chunk, upload)); }
        }).ToList();
        await Task.WhenAll(uploads).ConfigureAwait(false);
        if (!Remote.IsAvailable) return false;
        foreach (var chunk in list.Chunks.Select(c => c.Hash).Distinct())
            if (!Local.HasBlob(chunk)) return false; // evicted locally meanwhile: the server may lack it, so no list
        return await Remote.PutAsync(listPath, () => (new ByteArrayContent(listBytes!), listBytes!.Length), cancellationToken).ConfigureAwait(false);
    }

    private async Task<RemoteStatus> FetchChunkedAsync(ContentHash fileHash, long expectedSize, List<Diagnostic> problems, CancellationToken cancellationToken)
    {
        var (status, bytes) = await Remote!.GetEntryAsync(ChunkList.RemoteKey(fileHash), cancellationToken).ConfigureAwait(false);
        if (status != RemoteStatus.Found || bytes is null) return status == RemoteStatus.Found ? RemoteStatus.Unavailable : status;
        var list = ChunkList.TryParse(bytes, fileHash, out var reason);
        if (list is null || list.FileLength != expectedSize)
        {
            Remote.Distrust(Diagnostic.Warning(ChunkingDiagnosticCodes.CorruptChunkList,
                $"The chunk list of file {fileHash.ToShortString()} from the remote cache {Remote.DisplayUrl} was rejected: {reason ?? "it gives another length"}. " +
                "The remote cache is off for the rest of this build."));
            return RemoteStatus.Tampered;
        }

        var needed = list.Chunks.GroupBy(c => c.Hash).Select(g => g.First()).Where(c => !Local.HasBlob(c.Hash)).ToList();
        var statuses = await Task.WhenAll(needed.Select(async chunk =>
        {
            var fetch = _blobFetches.GetOrAdd(chunk.Hash, h => new Lazy<Task<RemoteStatus>>(() => FetchChunkAsync(h, chunk.Length, problems, cancellationToken)));
            try { return await fetch.Value.ConfigureAwait(false); }
            finally { _blobFetches.TryRemove(new KeyValuePair<ContentHash, Lazy<Task<RemoteStatus>>>(chunk.Hash, fetch)); }
        })).ConfigureAwait(false);
        var failed = statuses.FirstOrDefault(s => s != RemoteStatus.Found, RemoteStatus.Found);
        if (failed != RemoteStatus.Found) return failed;

        var imported = Local.ImportChunkList(fileHash, bytes);
        if (imported is not null)
        {
            lock (problems) problems.Add(imported);
            return RemoteStatus.Unavailable;
        }
        return RemoteStatus.Found;
    }

    /// <summary>One chunk: downloaded, verified against its name by the download, length checked, published.</summary>
    private async Task<RemoteStatus> FetchChunkAsync(ContentHash hash, int expectedLength, List<Diagnostic> problems, CancellationToken cancellationToken)
    {
        if (Local.HasBlob(hash)) return RemoteStatus.Found;
        var (status, temp, length) = await Remote!.DownloadBlobAsync(hash, Local, cancellationToken).ConfigureAwait(false);
        return ImportDownloaded(hash, status, temp, length, expectedLength, "A chunk list", "chunk", problems);
    }
}
