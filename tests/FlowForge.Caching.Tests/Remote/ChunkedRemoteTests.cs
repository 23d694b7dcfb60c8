using FlowForge.Caching.Chunked;
using FlowForge.Chunking;
using FlowForge.Core.Hashing;

namespace FlowForge.Caching.Tests.Remote;

/// <summary>Large files through a real nginx WebDAV server: only missing chunks go up, a fresh machine reassembles.</summary>
public class ChunkedRemoteTests : RemoteTestBase
{
    private TieredStoreResult StoreFile(TieredCache cache, string key, byte[] bytes)
    {
        var obj = Temp.Combine("obj-" + key);
        LargeFiles.Write(obj, "Big.g.cs", bytes);
        return cache.Store(Outputs.Key(key), obj, ["Big.g.cs"], []);
    }

    [Fact]
    public async Task Large_files_round_trip_through_nginx_as_chunks_and_only_missing_chunks_are_uploaded()
    {
        using var nginx = NginxServer.Start();
        using var ci = Cache("ci", Options(nginx.Url));
        var v1 = LargeFiles.CSharp(8000);
        var v2 = LargeFiles.CSharp(8000, editedMethod: 777, edit: "edit");
        var first = StoreFile(ci, "v1", v1);
        Assert.Empty(first.Problems);
        Assert.True(first.EntryUploaded);

        // On the server: the chunk list under /ac/<RemoteKey>, chunks under /cas/, no whole-file blob.
        var fileHash = ContentHash.Of(v1);
        Assert.False(File.Exists(RemotePath(nginx, "cas", fileHash)));
        var listBytes = File.ReadAllBytes(RemotePath(nginx, "ac", ChunkList.RemoteKey(fileHash)));
        var list = ChunkList.TryParse(listBytes, fileHash, out _)!;
        Assert.All(list.Chunks, c => Assert.True(File.Exists(RemotePath(nginx, "cas", c.Hash))));
        long serverBytesAfterV1 = ServerBytes(nginx);

        var second = StoreFile(ci, "v2", v2);
        Assert.Empty(second.Problems);
        long growth = ServerBytes(nginx) - serverBytesAfterV1;
        Assert.True(growth < v2.Length / 10, $"the server grew by {growth} bytes for a {v2.Length}-byte file");
        int puts = File.ReadAllLines(nginx.AccessLog).Count(l => l.Contains("\"PUT /cas/", StringComparison.Ordinal));
        Assert.True(puts < list.Chunks.Count + 10, $"{puts} chunk PUTs in total");

        // A fresh machine: the entry, the list and the chunks come down, the file reassembles and verifies.
        using var laptop = Cache("laptop", Options(nginx.Url));
        var lookup = await laptop.LookupAsync(Outputs.Key("v2"));
        Assert.Empty(lookup.Problems);
        Assert.Equal(CacheTier.Remote, lookup.Tier);
        var restored = laptop.Restore(lookup.Entry!, Temp.Combine("laptop-obj"));
        Assert.True(restored.Success, restored.Problem?.ToString());
        Assert.Equal(v2, File.ReadAllBytes(Temp.Combine("laptop-obj", "Big.g.cs")));
        Assert.True(laptop.Local.IsChunked(ContentHash.Of(v2)));
        Assert.True(laptop.Local.Verify().IsHealthy);

        // v1 on the laptop now downloads only the chunks v2 did not already bring.
        int getsBefore = CasGets(nginx);
        var lookup1 = await laptop.LookupAsync(Outputs.Key("v1"));
        Assert.Equal(CacheTier.Remote, lookup1.Tier);
        Assert.True(CasGets(nginx) - getsBefore <= 4, $"{CasGets(nginx) - getsBefore} chunk downloads for a one-member difference");
        Assert.True(laptop.Restore(lookup1.Entry!, Temp.Combine("laptop-obj1")).Success);
        Assert.Equal(v1, File.ReadAllBytes(Temp.Combine("laptop-obj1", "Big.g.cs")));
    }

    [Fact]
    public async Task A_tampered_remote_chunk_is_rejected_and_nothing_wrong_is_restored()
    {
        using var nginx = NginxServer.Start();
        using var ci = Cache("ci", Options(nginx.Url));
        var v1 = LargeFiles.CSharp(8000);
        StoreFile(ci, "v1", v1);
        var list = ChunkList.TryParse(File.ReadAllBytes(RemotePath(nginx, "ac", ChunkList.RemoteKey(ContentHash.Of(v1)))), ContentHash.Of(v1), out _)!;
        var victim = RemotePath(nginx, "cas", list.Chunks[10].Hash);
        var bytes = File.ReadAllBytes(victim);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(victim, bytes);

        using var laptop = Cache("laptop", Options(nginx.Url));
        var lookup = await laptop.LookupAsync(Outputs.Key("v1"));
        Assert.Null(lookup.Entry);
        Assert.Contains(lookup.Problems, p => p.Code == CacheDiagnosticCodes.RemoteTampered);
        Assert.False(laptop.Local.IsChunked(ContentHash.Of(v1)));
    }

    [Fact]
    public async Task A_tampered_remote_chunk_list_is_rejected_with_FF6005()
    {
        using var nginx = NginxServer.Start();
        using var ci = Cache("ci", Options(nginx.Url));
        var v1 = LargeFiles.CSharp(8000);
        StoreFile(ci, "v1", v1);
        var listPath = RemotePath(nginx, "ac", ChunkList.RemoteKey(ContentHash.Of(v1)));
        var bytes = File.ReadAllBytes(listPath);
        bytes[70] ^= 0x01;
        File.WriteAllBytes(listPath, bytes);

        using var laptop = Cache("laptop", Options(nginx.Url));
        var lookup = await laptop.LookupAsync(Outputs.Key("v1"));
        Assert.Null(lookup.Entry);
        Assert.Contains(lookup.Problems, p => p.Code == ChunkingDiagnosticCodes.CorruptChunkList);
    }

    [Fact]
    public async Task A_machine_with_another_threshold_still_finds_a_file_stored_as_chunks()
    {
        using var nginx = NginxServer.Start();
        using var ci = new TieredCache(ContentStore.Open(Temp.Combine("ci"), new ContentStoreOptions { LargeFileThreshold = 256 * 1024 }),
            new HttpRemoteCache(Options(nginx.Url)));
        var file = LargeFiles.CSharp(3000); // about 650 KB: chunked on the CI machine only
        Assert.InRange(file.Length, 256 * 1024, 1 << 20);
        StoreFile(ci, "k", file);
        Assert.True(ci.Local.IsChunked(ContentHash.Of(file)));

        using var laptop = Cache("laptop", Options(nginx.Url));
        var lookup = await laptop.LookupAsync(Outputs.Key("k"));
        Assert.Equal(CacheTier.Remote, lookup.Tier);
        Assert.True(laptop.Restore(lookup.Entry!, Temp.Combine("out")).Success);
        Assert.Equal(file, File.ReadAllBytes(Temp.Combine("out", "Big.g.cs")));
    }

    private static long ServerBytes(NginxServer nginx) =>
        Directory.EnumerateFiles(nginx.DataRoot, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    private static int CasGets(NginxServer nginx) =>
        File.ReadAllLines(nginx.AccessLog).Count(l => l.Contains("\"GET /cas/", StringComparison.Ordinal));
}
