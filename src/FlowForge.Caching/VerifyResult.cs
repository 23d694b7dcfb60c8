using FlowForge.Core.Diagnostics;

namespace FlowForge.Caching;

/// <summary>Outcome of <see cref="ContentStore.Verify"/>: what was re-hashed and what was found wrong (and removed,
/// unless the store is read-only). Entries whose blobs were merely evicted count as <see cref="DanglingEntries"/>.</summary>
public sealed record VerifyResult(
    int BlobsChecked,
    int EntriesChecked,
    int CorruptBlobs,
    int CorruptEntries,
    int DanglingEntries,
    IReadOnlyList<Diagnostic> Problems)
{
    /// <summary>True when nothing corrupt was found.</summary>
    public bool IsHealthy => CorruptBlobs == 0 && CorruptEntries == 0;
}

/// <summary>Progress of <see cref="ContentStore.Verify"/>: files checked so far out of the total found.</summary>
public readonly record struct VerifyProgress(int Checked, int Total);
