using FlowForge.Core.Diagnostics;

namespace FlowForge.Caching;

/// <summary>Outcome of <see cref="ContentStore.Store"/>. <see cref="Problem"/> is a coded warning when storing failed;
/// a read-only store skips silently (<see cref="Stored"/> false, no problem).</summary>
public sealed record StoreResult(bool Stored, ActionEntry? Entry, long BytesAdded, Diagnostic? Problem)
{
    internal static StoreResult Failed(Diagnostic? problem) => new(false, null, 0, problem);
}
