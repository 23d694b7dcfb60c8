namespace FlowForge.Chunking;

/// <summary>
/// Where a semantic chunker starts a new chunk. A region runs to the next region's start (or the end of
/// the content), so regions cover the content by construction and reassembly is exact.
/// </summary>
internal readonly record struct SemanticRegion(int Start, string? Name, ChunkKind Kind);
