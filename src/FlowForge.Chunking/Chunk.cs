using FlowForge.Core.Hashing;

namespace FlowForge.Chunking;

/// <summary>A piece of a file: where it lies, the SHA-256 of its bytes, and (for semantic chunks) its name.</summary>
/// <param name="Offset">Byte offset of the chunk in the file content.</param>
/// <param name="Length">Byte length.</param>
/// <param name="Hash">SHA-256 of the chunk's bytes; the key for dedup and per-chunk work caching.</param>
/// <param name="Name">Semantic name such as <c>Foo.Bar(int)</c>, <c>[server.tls]</c>, <c>dependencies</c>; null for content-defined chunks.</param>
/// <param name="Kind">What the chunk stands for.</param>
public readonly record struct Chunk(int Offset, int Length, ContentHash Hash, string? Name, ChunkKind Kind)
{
    /// <summary>Offset just past the chunk.</summary>
    public int End => Offset + Length;

    /// <summary>The chunk's bytes within <paramref name="content"/>, the content it was split from.</summary>
    public ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> content) => content.Slice(Offset, Length);

    /// <summary>The chunk's bytes within <paramref name="content"/>, the content it was split from.</summary>
    public ReadOnlyMemory<byte> Slice(ReadOnlyMemory<byte> content) => content.Slice(Offset, Length);

    /// <summary>Name for reports: the semantic name, or the offset range for content-defined chunks.</summary>
    public string DisplayName => Name ?? $"<bytes {Offset}..{End}>";
}
