using FlowForge.Core.Diagnostics;
using FlowForge.Core.Hashing;

namespace FlowForge.Caching;

/// <summary>The store's side of the remote tier: reading what to upload, and publishing what was downloaded.</summary>
public sealed partial class ContentStore
{
    internal bool HasBlob(ContentHash hash) => _fs.FileExists(_layout.BlobPath(hash));

    /// <summary>Opens a blob for upload, or null when it is gone (evicted) or unreadable.</summary>
    internal Stream? TryOpenBlob(ContentHash hash, out long length)
    {
        length = 0;
        try
        {
            var stream = _fs.OpenRead(_layout.BlobPath(hash));
            length = stream.Length;
            return stream;
        }
        catch (Exception e) when (StoreErrors.IsIoFailure(e))
        {
            return null;
        }
    }

    /// <summary>The exact manifest bytes of an entry (what the remote stores under /ac/), or null.</summary>
    internal byte[]? TryReadEntryBytes(ContentHash key)
    {
        try { return _fs.ReadAllBytes(_layout.EntryPath(key)); }
        catch (Exception e) when (StoreErrors.IsIoFailure(e)) { return null; }
    }

    /// <summary>Creates a temp file in tmp/ for a download (same volume as cas/, so publishing is a rename).</summary>
    internal Stream CreateDownloadTemp(out string path)
    {
        _fs.CreateDirectory(TempRoot);
        path = Path.Combine(TempRoot, $".remote.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        return _fs.CreateNew(path);
    }

    internal void DeleteTemp(string path) => TryDelete(path);

    /// <summary>
    /// Publishes a remote hit: downloaded blobs (already verified against their hashes by the caller) and the manifest,
    /// blobs first. The manifest is parsed again here, so nothing unverified reaches ac/. Returns a problem or null.
    /// Temp files passed in are consumed (renamed or deleted).
    /// </summary>
    internal Diagnostic? Import(ContentHash key, byte[] manifest, IReadOnlyList<(ContentHash Hash, string Temp, long Size)> downloaded)
    {
        var blobs = downloaded.Select(d => new PendingBlob(d.Hash.ToString(), null) { Hash = d.Hash, Size = d.Size, Temp = d.Temp }).ToList();
        string? entryTemp = null;
        try
        {
            if (Options.ReadOnly) return null;
            if (ActionEntrySerializer.TryParse(manifest, key, out var code, out var reason) is null)
                return Diagnostic.Warning(code!, $"Remote cache entry {key.ToShortString()} is unusable: {reason}.");
            _fs.CreateDirectory(TempRoot);
            entryTemp = Path.Combine(TempRoot, $".ac.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            using (var stream = _fs.CreateNew(entryTemp)) stream.Write(manifest);
            return CommitLocked(key, blobs, ref entryTemp, manifest.Length, out _);
        }
        catch (Exception e) when (StoreErrors.IsIoFailure(e))
        {
            return StoreErrors.WriteProblem(e, Root, "keeping the remote hit locally");
        }
        finally
        {
            if (entryTemp is not null) TryDelete(entryTemp);
            foreach (var blob in blobs)
                if (blob.Temp is not null) TryDelete(blob.Temp);
        }
    }
}
