namespace FlowForge.Chunking;

/// <summary>Turns spans into hashed chunks; kept apart from boundary finding so both can be measured.</summary>
public static class ChunkHashing
{
    /// <summary>Hashes every span's bytes of <paramref name="content"/>.</summary>
    public static IReadOnlyList<Chunk> Hash(IReadOnlyList<ChunkSpan> spans, ReadOnlySpan<byte> content)
    {
        var chunks = new Chunk[spans.Count];
        for (int i = 0; i < chunks.Length; i++)
            chunks[i] = spans[i].ToChunk(content);
        return chunks;
    }

    /// <summary>Concatenates the chunks' bytes; equals the original content for every chunker.</summary>
    public static byte[] Reassemble(IReadOnlyList<Chunk> chunks, ReadOnlySpan<byte> content)
    {
        int total = 0;
        foreach (var chunk in chunks) total += chunk.Length;
        var result = new byte[total];
        int at = 0;
        foreach (var chunk in chunks)
        {
            chunk.Slice(content).CopyTo(result.AsSpan(at));
            at += chunk.Length;
        }
        return result;
    }
}
