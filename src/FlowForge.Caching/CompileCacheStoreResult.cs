using FlowForge.Core.Diagnostics;

namespace FlowForge.Caching;

/// <summary>
/// Outcome of <see cref="CompileCache.Store"/>. <see cref="Stored"/> is false when the cache is off or read-only
/// (no problem) or storing failed (a coded warning in <see cref="Problems"/>); the build goes on either way.
/// </summary>
public sealed record CompileCacheStoreResult(
    bool Stored,
    long BytesAdded,
    int BlobsUploaded,
    long BytesUploaded,
    bool EntryUploaded,
    IReadOnlyList<Diagnostic> Problems)
{
    internal static CompileCacheStoreResult NotStored(IReadOnlyList<Diagnostic> problems) => new(false, 0, 0, 0, false, problems);
}
