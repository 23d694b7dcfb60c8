using FlowForge.Core.Diagnostics;

namespace FlowForge.Caching;

/// <summary>
/// Outcome of <see cref="ContentStore.Restore"/>. Success means every output was written and verified.
/// On failure the caller compiles; <see cref="Problem"/> is a coded warning, or null for an ordinary miss
/// (a blob evicted in the meantime).
/// </summary>
public sealed record RestoreResult(bool Success, int FilesRestored, long BytesRestored, Diagnostic? Problem)
{
    internal static RestoreResult Miss(Diagnostic? problem) => new(false, 0, 0, problem);
}
