using System.Text;

namespace FlowForge.Chunking.Tests;

internal static class TestData
{
    /// <summary>No merging, so every declaration is its own chunk and names can be asserted one by one.</summary>
    public static readonly ChunkingOptions Unmerged = new() { MinSemanticChunkSize = 0 };

    /// <summary>Small CDC sizes so oversize fallbacks can be tested on small inputs.</summary>
    public static readonly ChunkingOptions Small = new() { MinSize = 256, AverageSize = 1024, MaxSize = 4096, MaxSemanticChunkSize = 2048 };

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static IReadOnlyList<Chunk> Split(IChunker chunker, string text) => chunker.Split(Utf8(text));

    public static string[] Names(IChunker chunker, string text) =>
        chunker.Split(Utf8(text)).Select(c => c.Name ?? "").ToArray();

    /// <summary>Asserts the chunks are contiguous, non-empty and give back the exact bytes.</summary>
    public static void AssertCovers(IReadOnlyList<Chunk> chunks, ReadOnlySpan<byte> content)
    {
        int at = 0;
        foreach (var chunk in chunks)
        {
            Assert.Equal(at, chunk.Offset);
            Assert.True(chunk.Length > 0, "empty chunk");
            at = chunk.End;
        }
        Assert.Equal(content.Length, at);
        Assert.True(ChunkHashing.Reassemble(chunks, content).AsSpan().SequenceEqual(content));
        var names = chunks.Where(c => c.Name is not null).Select(c => c.Name!).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>Chunks of <paramref name="after"/> whose hash did not exist in <paramref name="before"/>.</summary>
    public static List<Chunk> NewChunks(IReadOnlyList<Chunk> before, IReadOnlyList<Chunk> after)
    {
        var old = before.Select(c => c.Hash).ToHashSet();
        return after.Where(c => !old.Contains(c.Hash)).ToList();
    }
}
