using FlowForge.Caching.Chunked;
using FlowForge.Chunking;
using FlowForge.Core.Hashing;

namespace FlowForge.Caching.Tests;

/// <summary>Large outputs stored as chunk lists: dedup between versions, exact restores, corruption and eviction.</summary>
public class ChunkedStorageTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private ContentStore Open(ContentStoreOptions? options = null) => ContentStore.Open(_temp.Combine("cache"), options);

    private StoreResult StoreFile(ContentStore store, string key, string name, byte[] bytes)
    {
        var obj = _temp.Combine("obj-" + key);
        LargeFiles.Write(obj, name, bytes);
        return store.Store(Outputs.Key(key), obj, [name], []);
    }

    private byte[] Restore(ContentStore store, string key, string name, out RestoreResult result)
    {
        Assert.True(store.TryGetEntry(Outputs.Key(key), out var entry, out var problem), problem?.ToString());
        var destination = _temp.Combine("restore-" + key + "-" + Guid.NewGuid().ToString("N"));
        result = store.Restore(entry!, destination);
        var path = Path.Combine(destination, name);
        return File.Exists(path) ? File.ReadAllBytes(path) : [];
    }

    [Fact]
    public void A_large_file_is_stored_as_chunks_and_restores_byte_identical()
    {
        var store = Open();
        var source = LargeFiles.CSharp(8000);
        Assert.True(source.Length > 1 << 20);
        var stored = StoreFile(store, "v1", "Big.g.cs", source);
        Assert.True(stored.Stored, stored.Problem?.ToString());
        Assert.True(store.IsChunked(ContentHash.Of(source)));
        Assert.False(File.Exists(Path.Combine(store.Root, "cas", ContentHash.Of(source).ToString()[..2], ContentHash.Of(source).ToString())));

        var restored = Restore(store, "v1", "Big.g.cs", out var result);
        Assert.True(result.Success, result.Problem?.ToString());
        Assert.Equal(source, restored);
        Assert.Equal(source.Length, result.BytesRestored);
        Assert.True(store.Verify().IsHealthy);
    }

    [Fact]
    public void Editing_one_member_stores_only_the_changed_chunks()
    {
        var store = Open();
        var v1 = LargeFiles.CSharp(8000);
        var v2 = LargeFiles.CSharp(8000, editedMethod: 4321, edit: "changed");
        var first = StoreFile(store, "v1", "Big.g.cs", v1);
        var second = StoreFile(store, "v2", "Big.g.cs", v2);
        Assert.True(second.Stored, second.Problem?.ToString());

        // Growth = the changed chunk(s) + the new chunk list + the entry; a whole copy would be v2.Length.
        Assert.True(second.BytesAdded < v2.Length / 10, $"second store added {second.BytesAdded} bytes for a {v2.Length}-byte file");
        Assert.True(first.BytesAdded > v1.Length);
        Assert.Equal(v1, Restore(store, "v1", "Big.g.cs", out var r1));
        Assert.Equal(v2, Restore(store, "v2", "Big.g.cs", out var r2));
        Assert.True(r1.Success && r2.Success);
        Assert.Equal(store.Totals.Bytes, ScanBytes(store));
    }

    [Fact]
    public void A_binary_with_bytes_inserted_at_the_start_reuses_most_chunks()
    {
        var store = Open();
        var v1 = LargeFiles.Binary(3 << 20, seed: 7);
        var v2 = new byte[] { 1, 2, 3, 4, 5 }.Concat(v1).ToArray();
        StoreFile(store, "v1", "data.bin", v1);
        var second = StoreFile(store, "v2", "data.bin", v2);
        Assert.True(second.BytesAdded < v2.Length / 4, $"added {second.BytesAdded}");
        Assert.Equal(v2, Restore(store, "v2", "data.bin", out _));
    }

    [Fact]
    public void Files_below_the_threshold_or_with_chunking_off_are_stored_whole()
    {
        var store = Open(new ContentStoreOptions { LargeFileThreshold = 0 });
        var source = LargeFiles.CSharp(8000);
        StoreFile(store, "v1", "Big.g.cs", source);
        Assert.False(store.IsChunked(ContentHash.Of(source)));
        Assert.Equal(source, Restore(store, "v1", "Big.g.cs", out _));

        var small = Open(new ContentStoreOptions { LargeFileThreshold = 10L << 20 });
        var other = LargeFiles.CSharp(8001);
        StoreFile(small, "v2", "Big.g.cs", other);
        Assert.False(small.IsChunked(ContentHash.Of(other)));
    }

    [Fact]
    public void A_corrupt_chunk_is_a_miss_with_FF6006_and_the_destination_is_untouched()
    {
        var store = Open();
        var source = LargeFiles.CSharp(8000);
        StoreFile(store, "v1", "Big.g.cs", source);
        var list = ReadList(store, source);
        var victim = list.Chunks[list.Chunks.Count / 2].Hash;
        var victimPath = BlobPath(store, victim);
        var bytes = File.ReadAllBytes(victimPath);
        bytes[0] ^= 0x20;
        File.WriteAllBytes(victimPath, bytes);

        var destination = _temp.Combine("dest");
        LargeFiles.Write(destination, "Big.g.cs", "previous"u8.ToArray());
        Assert.True(store.TryGetEntry(Outputs.Key("v1"), out var entry, out _));
        var result = store.Restore(entry!, destination);
        Assert.False(result.Success);
        Assert.Equal(ChunkingDiagnosticCodes.CorruptChunk, result.Problem?.Code);
        Assert.Equal("previous"u8.ToArray(), File.ReadAllBytes(Path.Combine(destination, "Big.g.cs")));
        Assert.Empty(Directory.EnumerateFiles(destination, "*.tmp", SearchOption.AllDirectories));
        Assert.False(File.Exists(victimPath));
        Assert.False(store.TryGetEntry(Outputs.Key("v1"), out _, out _));

        // The next compile stores the file again and it restores correctly.
        var again = StoreFile(store, "v1", "Big.g.cs", source);
        Assert.True(again.Stored);
        Assert.Equal(source, Restore(store, "v1", "Big.g.cs", out var ok));
        Assert.True(ok.Success);
    }

    [Fact]
    public void A_corrupt_chunk_list_is_a_miss_with_FF6005()
    {
        var store = Open();
        var source = LargeFiles.CSharp(8000);
        StoreFile(store, "v1", "Big.g.cs", source);
        var listPath = ListPath(store, ContentHash.Of(source));
        var bytes = File.ReadAllBytes(listPath);
        bytes[60] ^= 0x01;
        File.WriteAllBytes(listPath, bytes);

        Assert.True(store.TryGetEntry(Outputs.Key("v1"), out var entry, out _));
        var result = store.Restore(entry!, _temp.Combine("dest"));
        Assert.False(result.Success);
        Assert.Equal(ChunkingDiagnosticCodes.CorruptChunkList, result.Problem?.Code);
        Assert.False(File.Exists(listPath));
        Assert.False(File.Exists(Path.Combine(_temp.Combine("dest"), "Big.g.cs")));
    }

    [Fact]
    public void An_evicted_chunk_makes_the_list_dangling_a_plain_miss_and_verify_removes_it()
    {
        var store = Open();
        var source = LargeFiles.CSharp(8000);
        StoreFile(store, "v1", "Big.g.cs", source);
        var list = ReadList(store, source);
        File.Delete(BlobPath(store, list.Chunks[3].Hash));

        var verify = store.Verify();
        Assert.Equal(2, verify.DanglingEntries); // the list, then the entry naming the file
        Assert.False(store.TryGetEntry(Outputs.Key("v1"), out _, out var problem));
        Assert.Null(problem);
        Assert.Equal(store.Totals.Bytes, ScanBytes(store));
    }

    [Fact]
    public void A_chunk_missing_at_restore_time_is_a_miss_without_warning()
    {
        var store = Open();
        var source = LargeFiles.CSharp(8000);
        StoreFile(store, "v1", "Big.g.cs", source);
        var list = ReadList(store, source);
        Assert.True(store.TryGetEntry(Outputs.Key("v1"), out var entry, out _));
        File.Delete(BlobPath(store, list.Chunks[^1].Hash));
        var result = store.Restore(entry!, _temp.Combine("dest"));
        Assert.False(result.Success);
        Assert.Null(result.Problem);
        Assert.False(File.Exists(Path.Combine(_temp.Combine("dest"), "Big.g.cs")));
    }

    [Fact]
    public void Pruning_shared_chunks_never_yields_wrong_bytes()
    {
        var store = Open();
        var versions = Enumerable.Range(0, 4).Select(i => LargeFiles.CSharp(8000, editedMethod: i * 1000, edit: "v" + i)).ToList();
        for (int i = 0; i < versions.Count; i++)
        {
            StoreFile(store, "v" + i, "Big.g.cs", versions[i]);
            Thread.Sleep(20); // distinct mtimes, so LRU order is the store order
        }
        // Re-use v3 so its list and chunks are the most recent; then prune to about one version's size.
        Assert.Equal(versions[3], Restore(store, "v3", "Big.g.cs", out _));
        store.Prune(versions[0].Length + versions[0].Length / 4);

        int restored = 0;
        for (int i = 0; i < versions.Count; i++)
        {
            if (!store.TryGetEntry(Outputs.Key("v" + i), out var entry, out _)) continue;
            var destination = _temp.Combine("after-prune-" + i);
            var result = store.Restore(entry!, destination);
            if (!result.Success) { Assert.False(File.Exists(Path.Combine(destination, "Big.g.cs"))); continue; }
            Assert.Equal(versions[i], File.ReadAllBytes(Path.Combine(destination, "Big.g.cs")));
            restored++;
        }
        Assert.True(restored >= 1, "the most recently used version survives pruning");
        Assert.True(store.Verify().CorruptBlobs == 0);
        Assert.Equal(store.Totals.Bytes, ScanBytes(store));
    }

    [Fact]
    public void Concurrent_stores_of_versions_sharing_chunks_all_restore_and_the_index_stays_exact()
    {
        var versions = Enumerable.Range(0, 6).Select(i => LargeFiles.CSharp(6000, editedMethod: i * 900, edit: "c" + i)).ToList();
        Parallel.For(0, versions.Count * 2, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            // Each version twice, from separate store instances, as separate MSBuild nodes would.
            var store = Open();
            var result = StoreFile(store, $"v{i % versions.Count}-{i}", "Big.g.cs", versions[i % versions.Count]);
            Assert.True(result.Stored, result.Problem?.ToString());
        });
        var check = Open();
        for (int i = 0; i < versions.Count * 2; i++)
            Assert.Equal(versions[i % versions.Count], Restore(check, $"v{i % versions.Count}-{i}", "Big.g.cs", out _));
        Assert.True(check.Verify().IsHealthy);
        Assert.Equal(check.Totals.Bytes, ScanBytes(check));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(check.Root, "tmp"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Chunk_list_format_round_trips_and_rejects_damage()
    {
        var chunks = new[] { new ChunkRef(ContentHash.Of("a"), 10), new ChunkRef(ContentHash.Of("b"), 5) };
        var fileHash = ContentHash.Of("file");
        var bytes = new ChunkList(fileHash, 15, chunks).Serialize();
        var parsed = ChunkList.TryParse(bytes, fileHash, out var reason);
        Assert.Null(reason);
        Assert.Equal(chunks, parsed!.Chunks);
        Assert.Equal(15, parsed.FileLength);

        Assert.Null(ChunkList.TryParse(bytes, ContentHash.Of("other"), out reason));
        Assert.Contains("another file", reason);
        for (int i = 0; i < bytes.Length; i += 7)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[i] ^= 0x40;
            Assert.Null(ChunkList.TryParse(damaged, fileHash, out _));
        }
        Assert.Null(ChunkList.TryParse(bytes.AsSpan(0, bytes.Length - 1), fileHash, out _));
        Assert.Null(ChunkList.TryParse(new ChunkList(fileHash, 16, chunks).Serialize(), fileHash, out reason));
        Assert.Contains("add up", reason);
        Assert.NotEqual(fileHash, ChunkList.RemoteKey(fileHash));
    }

    private static ChunkList ReadList(ContentStore store, byte[] source) =>
        ChunkList.TryParse(File.ReadAllBytes(ListPath(store, ContentHash.Of(source))), ContentHash.Of(source), out _)!;

    private static string ListPath(ContentStore store, ContentHash hash) =>
        Path.Combine(store.Root, "chunks", hash.ToString()[..2], hash.ToString());

    private static string BlobPath(ContentStore store, ContentHash hash) =>
        Path.Combine(store.Root, "cas", hash.ToString()[..2], hash.ToString());

    private static long ScanBytes(ContentStore store) =>
        new[] { "ac", "cas", "chunks" }.Select(d => Path.Combine(store.Root, d)).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Where(f => !Path.GetFileName(f).StartsWith('.')).Sum(f => new FileInfo(f).Length);

    public void Dispose() => _temp.Dispose();
}
