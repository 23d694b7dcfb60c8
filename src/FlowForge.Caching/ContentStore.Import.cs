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

    /// <summary>Publishes one downloaded blob (already verified against <paramref name="hash"/> by the caller); consumes the temp file.</summary>
    internal Diagnostic? ImportBlob(ContentHash hash, string temp, long size)
    {
        var blob = new PendingBlob(hash.ToString(), null) { Hash = hash, Size = size, Temp = temp };
        string? noEntry = null;
        try
        {
            if (Options.ReadOnly) return null;
            return CommitLocked(hash, [blob], ref noEntry, 0, out _);
        }
        catch (Exception e) when (StoreErrors.IsIoFailure(e))
        {
            return StoreErrors.WriteProblem(e, Root, "keeping the remote hit locally");
        }
        finally
        {
            if (blob.Temp is not null) TryDelete(blob.Temp);
        }
    }

    /// <summary>
    /// Publishes a remote entry whose blobs are all local already. The manifest is parsed again here, so nothing
    /// unverified reaches ac/; if a blob was evicted in the meantime nothing is published.
    /// </summary>
    internal Diagnostic? ImportEntry(ContentHash key, byte[] manifest)
    {
        string? entryTemp = null;
        try
        {
            if (Options.ReadOnly) return null;
            var entry = ActionEntrySerializer.TryParse(manifest, key, out var code, out var reason, Options.Signer);
            if (entry is null) return Diagnostic.Warning(code!, $"Remote cache entry {key.ToShortString()} is unusable: {reason}.");
            var blobs = entry.Files.Select(f => new PendingBlob(f.RelativePath, null) { Hash = f.Hash, Size = f.Size }).ToList();
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
        }
    }
}
