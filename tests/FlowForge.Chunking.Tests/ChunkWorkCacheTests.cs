using FlowForge.Core.Diagnostics;
using static FlowForge.Chunking.Tests.TestData;

namespace FlowForge.Chunking.Tests;

public sealed class ChunkWorkCacheTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ff-chunk-cache-" + Guid.NewGuid().ToString("N"));

    public ChunkWorkCacheTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private static int CountBraces(Chunk chunk, ReadOnlyMemory<byte> bytes) => bytes.Span.Count((byte)'{');

    [Fact]
    public void Only_changed_chunks_are_recomputed_after_an_edit()
    {
        var source = CSharpSourceGenerator.Generate(3, 6, 8);
        var chunker = new CSharpChunker();
        var cache = new ChunkWorkCache<int>("brace-count/v1");

        ReadOnlyMemory<byte> v1 = Utf8(source);
        var chunks1 = chunker.Split(v1.Span);
        foreach (var chunk in chunks1) cache.GetOrCompute(chunk, v1, CountBraces);
        Assert.Equal(chunks1.Count, cache.Misses);
        Assert.Equal(0, cache.Hits);

        var (type, member) = CSharpSourceGenerator.Methods(source)[5];
        ReadOnlyMemory<byte> v2 = Utf8(CSharpSourceGenerator.EditMember(source, type, member, 987654));
        cache.ResetCounters();
        var chunks2 = chunker.Split(v2.Span);
        int recomputed = 0;
        foreach (var chunk in chunks2)
            cache.GetOrCompute(chunk, v2, (c, bytes) => { recomputed++; return CountBraces(c, bytes); });
        Assert.Equal(1, recomputed);
        Assert.Equal(1, cache.Misses);
        Assert.Equal(chunks2.Count - 1, cache.Hits);
    }

    [Fact]
    public void Work_kind_salts_the_key()
    {
        var content = Utf8("class A { void M() { } }");
        var chunk = new CSharpChunker().Split(content)[0];
        var v1 = new ChunkWorkCache<string>("work/v1");
        v1.GetOrCompute(chunk, content, (_, _) => "one");
        Assert.True(v1.TryGet(chunk, out var found));
        Assert.Equal("one", found);

        var path = Path.Combine(_folder, "cache.json");
        Assert.True(v1.Save(path));
        var v2 = ChunkWorkCache<string>.Load(path, "work/v2");
        Assert.Equal(0, v2.Count);
        Assert.False(v2.TryGet(chunk, out _));
    }

    [Fact]
    public void Persisted_cache_round_trips_and_only_used_entries_can_be_kept()
    {
        var content = Utf8(CSharpSourceGenerator.Generate(9, 3, 5));
        var chunks = new CSharpChunker(Unmerged).Split(content);
        var cache = new ChunkWorkCache<int[]>("lengths/v1");
        foreach (var chunk in chunks) cache.GetOrCompute(chunk, content, (c, _) => new[] { c.Length, c.Offset });
        var path = Path.Combine(_folder, "sub", "lengths.json");
        var diagnostics = new List<Diagnostic>();
        Assert.True(cache.Save(path, diagnostics));

        var loaded = ChunkWorkCache<int[]>.Load(path, "lengths/v1", diagnostics);
        Assert.Empty(diagnostics);
        Assert.Equal(cache.Count, loaded.Count);
        foreach (var chunk in chunks)
            Assert.Equal(new[] { chunk.Length, chunk.Offset }, loaded.GetOrCompute(chunk, content, (_, _) => throw new InvalidOperationException("should hit")));
        Assert.Equal(chunks.Count, loaded.Hits);

        var partial = ChunkWorkCache<int[]>.Load(path, "lengths/v1");
        partial.GetOrCompute(chunks[0], content, (_, _) => Array.Empty<int>());
        partial.Save(path, onlyUsed: true);
        Assert.Equal(1, ChunkWorkCache<int[]>.Load(path, "lengths/v1").Count);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"Format\": 1, \"WorkKind\": \"k\", \"Entries\": {\"zz\": 1}}")]
    [InlineData("{\"Format\": 99, \"WorkKind\": \"k\", \"Entries\": {}}")]
    [InlineData("{\"Format\": 1, \"WorkKind\": \"k\", \"Entries\": {\"")]
    public void Corrupt_file_gives_an_empty_cache_and_FF6001(string text)
    {
        var path = Path.Combine(_folder, "corrupt.json");
        File.WriteAllText(path, text);
        var diagnostics = new List<Diagnostic>();
        var cache = ChunkWorkCache<int>.Load(path, "k", diagnostics);
        Assert.Equal(0, cache.Count);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(ChunkingDiagnosticCodes.WorkCacheCorrupt, diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
    }

    [Fact]
    public void Missing_file_is_an_empty_cache_without_diagnostics()
    {
        var diagnostics = new List<Diagnostic>();
        Assert.Equal(0, ChunkWorkCache<int>.Load(Path.Combine(_folder, "none.json"), "k", diagnostics).Count);
        Assert.Empty(diagnostics);
    }

    [Fact]
    public void Unwritable_location_reports_FF6002()
    {
        var blocker = Path.Combine(_folder, "file");
        File.WriteAllText(blocker, "x");
        var diagnostics = new List<Diagnostic>();
        Assert.False(new ChunkWorkCache<int>("k").Save(Path.Combine(blocker, "cache.json"), diagnostics));
        Assert.Equal(ChunkingDiagnosticCodes.WorkCacheNotSaved, Assert.Single(diagnostics).Code);
    }
}
