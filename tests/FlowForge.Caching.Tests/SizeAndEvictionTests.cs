namespace FlowForge.Caching.Tests;

public class SizeAndEvictionTests
{
    private static StoreTotals Scan(string root) => SizeIndex.Scan(CacheFileSystem.Physical, new StoreLayout(root));

    [Fact]
    public void Size_index_tracks_every_store_exactly()
    {
        using var temp = new TempDirectory();
        var store = ContentStore.Open(temp.Combine("cache"));
        for (int i = 0; i < 10; i++)
        {
            Outputs.Write(temp.Combine("obj"), i % 4); // repeats: dedup must not double count
            store.Store(Outputs.Key("k" + i), temp.Combine("obj"), Outputs.TypicalNames, ["w" + i]);
            Assert.Equal(Scan(temp.Combine("cache")), store.Totals);
        }
        Assert.Equal(10, store.EntryCount);
        // Storing the same key again replaces the manifest; the count stays.
        store.Store(Outputs.Key("k0"), temp.Combine("obj"), Outputs.TypicalNames, ["changed"]);
        Assert.Equal(10, store.EntryCount);
        Assert.Equal(Scan(temp.Combine("cache")), store.Totals);
    }

    [Fact]
    public void Corrupt_size_index_is_rebuilt_with_an_informational_diagnostic()
    {
        using var temp = new TempDirectory();
        var store = ContentStore.Open(temp.Combine("cache"));
        Outputs.Write(temp.Combine("obj"), 1);
        store.Store(Outputs.Key("k"), temp.Combine("obj"), Outputs.TypicalNames, []);
        var expected = store.Totals;
        File.WriteAllBytes(temp.Combine("cache", "size.index"), new byte[48]);

        var reopened = ContentStore.Open(temp.Combine("cache"));
        var diagnostic = Assert.Single(reopened.OpenDiagnostics);
        Assert.Equal(CacheDiagnosticCodes.SizeIndexRebuilt, diagnostic.Code);
        Assert.Equal(FlowForge.Core.Diagnostics.DiagnosticSeverity.Message, diagnostic.Severity);
        Assert.Equal(expected, reopened.Totals);
    }

    [Fact]
    public void Missing_size_index_is_rebuilt_lazily_by_size_queries()
    {
        using var temp = new TempDirectory();
        var store = ContentStore.Open(temp.Combine("cache"));
        Outputs.Write(temp.Combine("obj"), 1);
        store.Store(Outputs.Key("k"), temp.Combine("obj"), Outputs.TypicalNames, []);
        var expected = store.Totals;
        File.Delete(temp.Combine("cache", "size.index"));
        Assert.Equal(expected, store.Totals);
        Assert.True(File.Exists(temp.Combine("cache", "size.index")));
    }

    [Fact]
    public void Exceeding_the_limit_evicts_least_recently_used_down_to_the_low_water_mark()
    {
        using var temp = new TempDirectory();
        const long limit = 200_000;
        var store = ContentStore.Open(temp.Combine("cache"), new ContentStoreOptions { SizeLimitBytes = limit });
        var time = DateTime.UtcNow.AddHours(-5);
        for (int i = 0; i < 8; i++)
        {
            Outputs.Write(temp.Combine("obj" + i), 100 + i);
            Assert.True(store.Store(Outputs.Key("k" + i), temp.Combine("obj" + i), Outputs.TypicalNames, []).Stored);
            // Age what was just stored so the order is unambiguous: k0 oldest.
            foreach (var file in Directory.EnumerateFiles(temp.Combine("cache", "ac"), "*", SearchOption.AllDirectories)
                         .Concat(Directory.EnumerateFiles(temp.Combine("cache", "cas"), "*", SearchOption.AllDirectories)))
                if (File.GetLastWriteTimeUtc(file) > DateTime.UtcNow.AddMinutes(-1)) File.SetLastWriteTimeUtc(file, time.AddMinutes(i));
            if (i == 1)
            {
                // Use k0 now: it becomes the most recently used.
                Assert.True(store.TryGetEntry(Outputs.Key("k0"), out var e0, out _));
                Assert.True(store.Restore(e0!, temp.Combine("use")).Success);
                foreach (var file in e0!.Files) File.SetLastWriteTimeUtc(BlobPath(temp, file), time.AddMinutes(50));
                File.SetLastWriteTimeUtc(EntryPath(temp, Outputs.Key("k0")), time.AddMinutes(50));
            }
        }

        Assert.True(store.SizeBytes <= limit, $"{store.SizeBytes} > {limit}");
        Assert.Equal(Scan(temp.Combine("cache")), store.Totals);
        Assert.True(store.TryGetEntry(Outputs.Key("k0"), out _, out _), "recently used k0 survives");
        Assert.True(store.TryGetEntry(Outputs.Key("k7"), out _, out _), "newest k7 survives");
        Assert.False(store.TryGetEntry(Outputs.Key("k1"), out _, out _), "least recently used k1 is evicted");
    }

    [Fact]
    public void Eviction_runs_in_batches()
    {
        using var temp = new TempDirectory();
        var store = ContentStore.Open(temp.Combine("cache"), new ContentStoreOptions { SizeLimitBytes = 300_000 });
        int evictions = 0;
        long previous = 0;
        for (int i = 0; i < 30; i++)
        {
            Outputs.Write(temp.Combine("obj"), 1000 + i);
            store.Store(Outputs.Key("k" + i), temp.Combine("obj"), Outputs.TypicalNames, []);
            if (store.SizeBytes < previous) evictions++;
            previous = store.SizeBytes;
            Assert.True(store.SizeBytes <= 300_000);
        }
        // Each store adds ~55 KB; freeing down to 90 % of the limit means an eviction every few stores at most,
        // and certainly not on every store.
        Assert.InRange(evictions, 1, 20);
    }

    [Fact]
    public void Prune_to_zero_empties_and_prune_to_large_keeps_all()
    {
        using var temp = new TempDirectory();
        var store = ContentStore.Open(temp.Combine("cache"));
        Outputs.Write(temp.Combine("obj"), 1);
        store.Store(Outputs.Key("k"), temp.Combine("obj"), Outputs.TypicalNames, []);
        var size = store.SizeBytes;
        var keep = store.Prune(long.MaxValue);
        Assert.Equal(0, keep.FilesDeleted);
        Assert.Equal(size, store.SizeBytes);
        var all = store.Prune(0);
        Assert.Equal(6, all.FilesDeleted);
        Assert.Equal(0, store.SizeBytes);
        Assert.Equal(0, store.EntryCount);
    }

    [Fact]
    public void Stale_temp_files_of_killed_processes_are_cleaned_by_eviction()
    {
        using var temp = new TempDirectory();
        var store = ContentStore.Open(temp.Combine("cache"));
        var stale = temp.Combine("cache", "tmp", ".cas.1.dead.tmp");
        var fresh = temp.Combine("cache", "tmp", ".cas.2.live.tmp");
        File.WriteAllText(stale, "x");
        File.WriteAllText(fresh, "x");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-2));
        store.Prune(long.MaxValue);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh), "a temp file being written right now must not be deleted");
    }

    private static string BlobPath(TempDirectory temp, OutputFile file)
    {
        var hex = file.Hash.ToString();
        return temp.Combine("cache", "cas", hex[..2], hex);
    }

    private static string EntryPath(TempDirectory temp, FlowForge.Core.Hashing.ContentHash key)
    {
        var hex = key.ToString();
        return temp.Combine("cache", "ac", hex[..2], hex);
    }
}
