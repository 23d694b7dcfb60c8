using FlowForge.Core.Hashing;

namespace FlowForge.Chunking;

/// <summary>
/// A chunk boundary before hashing: where a chunk lies in the content and what it is. Boundary finding
/// and hashing are separate steps so each can be measured and so callers that only need names pay no hashing.
/// </summary>
/// <param name="Offset">Byte offset of the chunk in the content.</param>
/// <param name="Length">Byte length; chunks of one split are contiguous and cover the content exactly.</param>
/// <param name="Name">Semantic name (for example <c>Foo.Bar(int)</c>), unique within one split; null for content-defined chunks.</param>
/// <param name="Kind">What the chunk stands for.</param>
public readonly record struct ChunkSpan(int Offset, int Length, string? Name, ChunkKind Kind)
{
    /// <summary>Offset just past the chunk.</summary>
    public int End => Offset + Length;

    /// <summary>Hashes this span's bytes of <paramref name="content"/> into a <see cref="Chunk"/>.</summary>
    public Chunk ToChunk(ReadOnlySpan<byte> content) =>
        new(Offset, Length, ContentHash.Of(content.Slice(Offset, Length)), Name, Kind);
}
