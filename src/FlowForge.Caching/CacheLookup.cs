using FlowForge.Core.Diagnostics;

namespace FlowForge.Caching;

/// <summary>Which tier answered a lookup.</summary>
public enum CacheTier { None, Memory, Local, Remote }

/// <summary>
/// Outcome of <see cref="TieredCache.Lookup"/>: the entry (present in the local store, ready for
/// <see cref="TieredCache.Restore"/>) or null for a miss, the tier that had it, and any warnings to log.
/// </summary>
public sealed record CacheLookup(ActionEntry? Entry, CacheTier Tier, IReadOnlyList<Diagnostic> Problems)
{
    public bool IsHit => Entry is not null;
}

/// <summary>Outcome of <see cref="TieredCache.Store"/>: the local store result, what was uploaded, and warnings.</summary>
public sealed record TieredStoreResult(StoreResult Local, int BlobsUploaded, long BytesUploaded, bool EntryUploaded, IReadOnlyList<Diagnostic> Problems)
{
    /// <summary>The upload was stopped by cancellation before the entry reached the remote (the local entry is stored).</summary>
    public bool UploadCancelled { get; init; }
}
