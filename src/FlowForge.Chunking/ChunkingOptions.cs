namespace FlowForge.Chunking;

/// <summary>
/// Sizes for content-defined chunking (FastCDC) and for the semantic chunkers' merge/split rules.
/// Changing any value changes boundaries, so stored chunk sets built with other options stop deduplicating.
/// </summary>
public sealed record ChunkingOptions
{
    /// <summary>The defaults: CDC 16 KiB / 64 KiB / 256 KiB, semantic chunks merged below 256 bytes and split above 128 KiB.</summary>
    public static ChunkingOptions Default { get; } = new();

    /// <summary>Smallest content-defined chunk (except the last one of a region). Default 16 KiB.</summary>
    public int MinSize { get; init; } = 16 * 1024;

    /// <summary>Target average content-defined chunk size; rounded down to a power of two. Default 64 KiB.</summary>
    public int AverageSize { get; init; } = 64 * 1024;

    /// <summary>Largest content-defined chunk. Default 256 KiB.</summary>
    public int MaxSize { get; init; } = 256 * 1024;

    /// <summary>
    /// Semantic chunks smaller than this are joined with the following chunk (see the merge rule in
    /// <see cref="SemanticChunker"/>). 0 turns merging off. Default 256 bytes.
    /// </summary>
    public int MinSemanticChunkSize { get; init; } = 256;

    /// <summary>
    /// A small semantic chunk keeps its boundary when its cut hash is divisible by this (so groups of small chunks hold
    /// this many on average). Default 8; <see cref="Storage"/> uses 32 for fewer, larger chunks.
    /// </summary>
    public int MergeCutModulus { get; init; } = 8;

    /// <summary>
    /// The chunking of the build cache: small members grouped to about 16 KiB (merge below 16 KiB, 1 boundary in 32),
    /// so a 20 MB generated file is about 1,500 chunks and its chunk list about 50 KB, while an edit still rewrites only
    /// one or two groups. Boundaries stay content-defined, so unchanged groups dedup across versions.
    /// </summary>
    public static ChunkingOptions Storage { get; } = new() { MinSemanticChunkSize = 16 * 1024, MergeCutModulus = 32 };

    /// <summary>Semantic chunks larger than this are sub-chunked by content-defined chunking. Default 128 KiB.</summary>
    public int MaxSemanticChunkSize { get; init; } = 128 * 1024;

    /// <summary>Throws <see cref="ArgumentException"/> when the sizes are inconsistent.</summary>
    public void Validate()
    {
        if (MinSize < 64) throw new ArgumentException($"{nameof(MinSize)} must be at least 64 bytes (the gear hash window).");
        if (AverageSize <= MinSize) throw new ArgumentException($"{nameof(AverageSize)} must be larger than {nameof(MinSize)}.");
        if (MaxSize <= AverageSize) throw new ArgumentException($"{nameof(MaxSize)} must be larger than {nameof(AverageSize)}.");
        if (AverageSize < 256 || AverageSize > (1 << 30)) throw new ArgumentException($"{nameof(AverageSize)} must be between 256 bytes and 1 GiB.");
        if (MinSemanticChunkSize < 0) throw new ArgumentException($"{nameof(MinSemanticChunkSize)} must not be negative.");
        if (MergeCutModulus < 1) throw new ArgumentException($"{nameof(MergeCutModulus)} must be at least 1.");
        if (MaxSemanticChunkSize < 1) throw new ArgumentException($"{nameof(MaxSemanticChunkSize)} must be positive.");
    }
}
