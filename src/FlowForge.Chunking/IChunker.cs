using FlowForge.Core.Diagnostics;

namespace FlowForge.Chunking;

/// <summary>
/// Splits file content into contiguous chunks that cover it exactly. Implementations never throw on
/// malformed input: they degrade to coarser chunks or content-defined chunking and may report a diagnostic.
/// </summary>
public interface IChunker
{
    /// <summary>Short identifier of the chunker (<c>csharp</c>, <c>toml</c>, <c>json</c>, <c>xml</c>, <c>cdc</c>).</summary>
    string Name { get; }

    /// <summary>Finds the chunk boundaries without hashing.</summary>
    /// <param name="content">The whole file content.</param>
    /// <param name="diagnostics">Receives FF6xxx findings (malformed input); may be null.</param>
    IReadOnlyList<ChunkSpan> FindSpans(ReadOnlySpan<byte> content, ICollection<Diagnostic>? diagnostics = null);

    /// <summary>Finds the chunk boundaries and hashes every chunk.</summary>
    /// <param name="content">The whole file content.</param>
    /// <param name="diagnostics">Receives FF6xxx findings (malformed input); may be null.</param>
    IReadOnlyList<Chunk> Split(ReadOnlySpan<byte> content, ICollection<Diagnostic>? diagnostics = null);
}
