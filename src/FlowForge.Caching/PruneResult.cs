using FlowForge.Core.Diagnostics;

namespace FlowForge.Caching;

/// <summary>Outcome of <see cref="ContentStore.Prune"/> and <see cref="ContentStore.Clear"/>.</summary>
public sealed record PruneResult(long BytesBefore, long BytesAfter, int FilesDeleted, Diagnostic? Problem);
