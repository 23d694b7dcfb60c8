using static FlowForge.Chunking.Tests.TestData;

namespace FlowForge.Chunking.Tests;

public class ContentDefinedChunkerTests
{
    [Fact]
    public void Chunks_respect_min_and_max_sizes_and_average_near_target()
    {
        var data = RandomBytes(8 * 1024 * 1024, 42);
        var chunks = new ContentDefinedChunker().FindSpans(data);
        for (int i = 0; i < chunks.Count - 1; i++)
            Assert.InRange(chunks[i].Length, ChunkingOptions.Default.MinSize, ChunkingOptions.Default.MaxSize);
        double average = data.Length / (double)chunks.Count;
        Assert.InRange(average, 40 * 1024, 100 * 1024);
    }

    [Fact]
    public void Boundaries_are_deterministic_across_instances()
    {
        var data = RandomBytes(1024 * 1024, 7);
        var a = new ContentDefinedChunker().Split(data);
        var b = new ContentDefinedChunker().Split(data);
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    public void Inserting_bytes_at_the_start_keeps_most_chunks(int position)
    {
        var data = RandomBytes(4 * 1024 * 1024, 1234);
        var inserted = RandomBytes(37, 99);
        var edited = new byte[data.Length + inserted.Length];
        data.AsSpan(0, position).CopyTo(edited);
        inserted.CopyTo(edited.AsSpan(position));
        data.AsSpan(position).CopyTo(edited.AsSpan(position + inserted.Length));

        var chunker = new ContentDefinedChunker();
        var before = chunker.Split(data);
        var after = chunker.Split(edited);
        AssertCovers(after, edited);
        var oldHashes = before.Select(c => c.Hash).ToHashSet();
        double shared = after.Count(c => oldHashes.Contains(c.Hash)) / (double)after.Count;
        Assert.True(shared >= 0.9, $"only {shared:P0} of chunks shared");
        Assert.True(after.Count - after.Count(c => oldHashes.Contains(c.Hash)) <= 2);
    }

    [Fact]
    public void Empty_and_tiny_inputs_give_zero_or_one_chunk()
    {
        Assert.Empty(new ContentDefinedChunker().Split(ReadOnlySpan<byte>.Empty));
        Assert.Single(new ContentDefinedChunker().Split(new byte[] { 1, 2, 3 }));
    }

    [Fact]
    public void Inconsistent_options_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new ContentDefinedChunker(new ChunkingOptions { MinSize = 4096, AverageSize = 4096 }));
        Assert.Throws<ArgumentException>(() => new ContentDefinedChunker(new ChunkingOptions { MaxSize = 1024 }));
    }
}
