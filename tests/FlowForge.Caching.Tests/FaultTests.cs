namespace FlowForge.Caching.Tests;

/// <summary>An unwritable cache or a full disk costs a warning, never an exception, never a wrong output.</summary>
public class FaultTests
{
    [Theory]
    [InlineData(FaultyFileSystem.Fault.AccessDenied)]
    [InlineData(FaultyFileSystem.Fault.ReadOnlyFileSystem)] // a read-only mount: the documented FF2004, not FF2005
    public void Unwritable_cache_folder_warns_on_open_and_store_and_lookups_miss(FaultyFileSystem.Fault fault)
    {
        using var temp = new TempDirectory();
        var fs = new FaultyFileSystem { Mode = fault, FailUnder = temp.Combine("cache") };
        var store = ContentStore.Open(temp.Combine("cache"), new ContentStoreOptions { FileSystem = fs });
        Assert.Equal(CacheDiagnosticCodes.NotWritable, Assert.Single(store.OpenDiagnostics).Code);

        Outputs.Write(temp.Combine("obj"), 1);
        var stored = store.Store(Outputs.Key("k"), temp.Combine("obj"), Outputs.TypicalNames, []);
        Assert.False(stored.Stored);
        Assert.Equal(CacheDiagnosticCodes.NotWritable, stored.Problem!.Code);
        Assert.False(store.TryGetEntry(Outputs.Key("k"), out _, out var problem));
        Assert.Null(problem);
        Assert.Equal(CacheDiagnosticCodes.NotWritable, store.Prune(0).Problem!.Code);
        Assert.Equal(CacheDiagnosticCodes.NotWritable, store.Clear().Problem!.Code);
        _ = store.GetStats();
        _ = store.SizeBytes;
    }

    [Theory]
    [InlineData(FaultyFileSystem.Fault.DiskFull)]
    [InlineData(FaultyFileSystem.Fault.DiskFullAfterFirstWrite)]
    public void Full_disk_while_storing_warns_and_leaves_no_entry_and_no_temp_files(FaultyFileSystem.Fault fault)
    {
        using var temp = new TempDirectory();
        var fs = new FaultyFileSystem { FailUnder = temp.Combine("cache") };
        var store = ContentStore.Open(temp.Combine("cache"), new ContentStoreOptions { FileSystem = fs });
        Outputs.Write(temp.Combine("obj"), 2);
        fs.Mode = fault;
        var stored = store.Store(Outputs.Key("k"), temp.Combine("obj"), Outputs.TypicalNames, []);
        Assert.False(stored.Stored);
        Assert.Equal(CacheDiagnosticCodes.WriteFailed, stored.Problem!.Code);
        Assert.Contains("disk is full", stored.Problem.Message);
        fs.Mode = FaultyFileSystem.Fault.None;

        Assert.False(store.TryGetEntry(Outputs.Key("k"), out _, out _));
        Assert.Empty(Directory.EnumerateFiles(temp.Combine("cache"), "*.tmp", SearchOption.AllDirectories));
        Assert.Equal(SizeIndex.Scan(CacheFileSystem.Physical, new StoreLayout(temp.Combine("cache"))), store.Totals);
        Assert.True(store.Verify().IsHealthy);
        // The disk has room again: the same store works.
        Assert.True(store.Store(Outputs.Key("k"), temp.Combine("obj"), Outputs.TypicalNames, []).Stored);
    }

    [Fact]
    public void Full_disk_in_obj_while_restoring_is_a_warning_and_leaves_no_temp_files()
    {
        using var temp = new TempDirectory();
        var fs = new FaultyFileSystem { FailUnder = temp.Combine("dest") };
        var store = ContentStore.Open(temp.Combine("cache"), new ContentStoreOptions { FileSystem = fs });
        Outputs.Write(temp.Combine("obj"), 3);
        store.Store(Outputs.Key("k"), temp.Combine("obj"), Outputs.TypicalNames, []);
        Assert.True(store.TryGetEntry(Outputs.Key("k"), out var entry, out _));

        fs.Mode = FaultyFileSystem.Fault.DiskFull;
        var result = store.Restore(entry!, temp.Combine("dest"));
        Assert.False(result.Success);
        Assert.Equal(CacheDiagnosticCodes.RestoreFailed, result.Problem!.Code);
        Assert.Empty(Directory.EnumerateFiles(temp.Combine("dest"), "*", SearchOption.AllDirectories));
        // Not the cache's fault: the entry stays.
        fs.Mode = FaultyFileSystem.Fault.None;
        Assert.True(store.TryGetEntry(Outputs.Key("k"), out _, out _));
    }

    [Fact]
    public void Held_lock_times_out_with_a_warning_within_the_bound()
    {
        using var temp = new TempDirectory();
        var store = ContentStore.Open(temp.Combine("cache"), new ContentStoreOptions { LockTimeout = TimeSpan.FromMilliseconds(700) });
        Outputs.Write(temp.Combine("obj"), 4);
        // Another "process": an exclusive handle on the lock file (flock conflicts between separate opens).
        using (new FileStream(temp.Combine("cache", "store.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var stored = store.Store(Outputs.Key("k"), temp.Combine("obj"), Outputs.TypicalNames, []);
            watch.Stop();
            Assert.False(stored.Stored);
            Assert.Equal(CacheDiagnosticCodes.LockTimeout, stored.Problem!.Code);
            Assert.InRange(watch.ElapsedMilliseconds, 500, 5000);
        }
        Assert.True(store.Store(Outputs.Key("k"), temp.Combine("obj"), Outputs.TypicalNames, []).Stored);
        Assert.Empty(Directory.EnumerateFiles(temp.Combine("cache"), "*.tmp", SearchOption.AllDirectories));
    }
}
