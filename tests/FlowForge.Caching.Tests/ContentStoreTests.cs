using FlowForge.Core.Hashing;

namespace FlowForge.Caching.Tests;

public class ContentStoreTests
{
    [Fact]
    public void Store_then_restore_gives_identical_outputs_and_diagnostics()
    {
        using var temp = new TempDirectory();
        var store = ContentStore.Open(temp.Combine("cache"));
        Assert.Empty(store.OpenDiagnostics);
        var expected = Outputs.Write(temp.Combine("obj"), seed: 1);
        var key = Outputs.Key("a");

        var stored = store.Store(key, temp.Combine("obj"), Outputs.TypicalNames, ["warning CS0168: x"]);
        Assert.True(stored.Stored, stored.Problem?.ToString());
        Assert.True(store.TryGetEntry(key, out var entry, out var problem));
        Assert.Null(problem);
        Assert.Equal(["warning CS0168: x"], entry!.Diagnostics);
        Assert.Equal(Outputs.TypicalNames, entry.Files.Select(f => f.RelativePath));

        var result = store.Restore(entry, temp.Combine("obj2"));
        Assert.True(result.Success, result.Problem?.ToString());
        Assert.Equal(5, result.FilesRestored);
        Assert.Equal(expected.Values.Sum(b => (long)b.Length), result.BytesRestored);
        Outputs.AssertRestored(temp.Combine("obj2"), expected);
    }

    [Fact]
    public void Layout_is_fanned_out_cas_and_ac()
    {
        using var temp = new TempDirectory();
        var store = ContentStore.Open(temp.Combine("cache"));
        var expected = Outputs.Write(temp.Combine("obj"), 2, "Lib.dll");
        var key = Outputs.Key("layout");
        store.Store(key, temp.Combine("obj"), ["Lib.dll"], []);
        var blob = ContentHash.Of(expected["Lib.dll"]).ToString();
        Assert.True(File.Exists(temp.Combine("cache", "cas", blob[..2], blob)));
        Assert.True(File.Exists(temp.Combine("cache", "ac", key.ToString()[..2], key.ToString())));
    }

    [Fact]
    public void Unknown_key_is_a_plain_miss()
    {
        using var temp = new TempDirectory();
        var store = ContentStore.Open(temp.Combine("cache"));
        Assert.False(store.TryGetEntry(Outputs.Key("nothing"), out var entry, out var problem));
        Assert.Null(entry);
        Assert.Null(problem);
    }

    [Fact]
    public void Identical_blobs_are_stored_once_and_size_index_counts_them_once()
    {
        using var temp = new TempDirectory();
        var store = ContentStore.Open(temp.Combine("cache"));
        Outputs.Write(temp.Combine("obj"), 3);
        store.Store(Outputs.Key("one"), temp.Combine("obj"), Outputs.TypicalNames, []);
        var afterFirst = store.Totals;
        var second = store.Store(Outputs.Key("two"), temp.Combine("obj"), Outputs.TypicalNames, []);
        Assert.True(second.Stored);
        var afterSecond = store.Totals;
        Assert.Equal(5, afterSecond.Blobs);
        Assert.Equal(2, afterSecond.Entries);
        Assert.True(afterSecond.Bytes - afterFirst.Bytes < 2000, "only the second manifest was added");
        Assert.Equal(SizeIndex.Scan(CacheFileSystem.Physical, new StoreLayout(temp.Combine("cache"))), afterSecond);
    }

    [Fact]
    public void Restoring_overwrites_stale_outputs()
    {
        using var temp = new TempDirectory();
        var store = ContentStore.Open(temp.Combine("cache"));
        var expected = Outputs.Write(temp.Combine("obj"), 4);
        store.Store(Outputs.Key("k"), temp.Combine("obj"), Outputs.TypicalNames, []);
        Outputs.Write(temp.Combine("obj"), 5); // the "other branch" outputs
        Assert.True(store.TryGetEntry(Outputs.Key("k"), out var entry, out _));
        Assert.True(store.Restore(entry!, temp.Combine("obj")).Success);
        Outputs.AssertRestored(temp.Combine("obj"), expected);
    }

    [Fact]
    public void Restore_copies_rather_than_links()
    {
        using var temp = new TempDirectory();
        var store = ContentStore.Open(temp.Combine("cache"));
        var expected = Outputs.Write(temp.Combine("obj"), 6, "Lib.dll");
        store.Store(Outputs.Key("k"), temp.Combine("obj"), ["Lib.dll"], []);
        store.TryGetEntry(Outputs.Key("k"), out var entry, out _);
        store.Restore(entry!, temp.Combine("out"));
        // Writing into the restored file must not change the cache.
        File.WriteAllText(temp.Combine("out", "Lib.dll"), "changed");
        Assert.True(store.TryGetEntry(Outputs.Key("k"), out entry, out _));
        Assert.True(store.Restore(entry!, temp.Combine("out2")).Success);
        Outputs.AssertRestored(temp.Combine("out2"), expected);
        Assert.True(store.Verify().IsHealthy);
    }

    [Fact]
    public void Executable_bit_survives_on_unix()
    {
        if (OperatingSystem.IsWindows()) return;
        using var temp = new TempDirectory();
        var store = ContentStore.Open(temp.Combine("cache"));
        Outputs.Write(temp.Combine("obj"), 7, "tool", "Lib.dll");
        File.SetUnixFileMode(temp.Combine("obj", "tool"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        store.Store(Outputs.Key("exe"), temp.Combine("obj"), ["tool", "Lib.dll"], []);
        store.TryGetEntry(Outputs.Key("exe"), out var entry, out _);
        Assert.True(entry!.Files[0].Executable);
        Assert.False(entry.Files[1].Executable);
        Assert.True(store.Restore(entry, temp.Combine("out")).Success);
        Assert.True((File.GetUnixFileMode(temp.Combine("out", "tool")) & UnixFileMode.UserExecute) != 0);
    }

    [Fact]
    public void Storing_a_path_outside_obj_is_refused()
    {
        using var temp = new TempDirectory();
        var store = ContentStore.Open(temp.Combine("cache"));
        Outputs.Write(temp.Path, 8, "outside.dll");
        var result = store.Store(Outputs.Key("x"), temp.Combine("obj"), ["../outside.dll"], []);
        Assert.False(result.Stored);
        Assert.Equal(CacheDiagnosticCodes.UnsafePath, result.Problem!.Code);
        Assert.Equal(0, store.EntryCount);
    }

    [Fact]
    public void Missing_output_is_a_warning_not_an_exception()
    {
        using var temp = new TempDirectory();
        var store = ContentStore.Open(temp.Combine("cache"));
        Directory.CreateDirectory(temp.Combine("obj"));
        var result = store.Store(Outputs.Key("x"), temp.Combine("obj"), ["Lib.dll"], []);
        Assert.False(result.Stored);
        Assert.Equal(CacheDiagnosticCodes.ReadFailed, result.Problem!.Code);
    }

    [Fact]
    public void Read_only_store_restores_but_writes_nothing()
    {
        using var temp = new TempDirectory();
        var writable = ContentStore.Open(temp.Combine("cache"));
        var expected = Outputs.Write(temp.Combine("obj"), 9);
        writable.Store(Outputs.Key("k"), temp.Combine("obj"), Outputs.TypicalNames, []);
        var before = Snapshot(temp.Combine("cache"));

        var readOnly = ContentStore.Open(temp.Combine("cache"), new ContentStoreOptions { ReadOnly = true });
        Assert.True(readOnly.TryGetEntry(Outputs.Key("k"), out var entry, out _));
        Assert.True(readOnly.Restore(entry!, temp.Combine("out")).Success);
        Outputs.AssertRestored(temp.Combine("out"), expected);
        var stored = readOnly.Store(Outputs.Key("k2"), temp.Combine("obj"), Outputs.TypicalNames, []);
        Assert.False(stored.Stored);
        Assert.Null(stored.Problem);
        Assert.Equal(before, Snapshot(temp.Combine("cache")));
    }

    [Fact]
    public void Read_only_store_on_a_missing_folder_just_misses()
    {
        using var temp = new TempDirectory();
        var store = ContentStore.Open(temp.Combine("nowhere"), new ContentStoreOptions { ReadOnly = true });
        Assert.False(store.TryGetEntry(Outputs.Key("k"), out _, out var problem));
        Assert.Null(problem);
        Assert.Equal(0, store.SizeBytes);
        Assert.False(Directory.Exists(temp.Combine("nowhere")));
    }

    [Fact]
    public void Stats_count_hits_and_misses()
    {
        using var temp = new TempDirectory();
        var store = ContentStore.Open(temp.Combine("cache"));
        Outputs.Write(temp.Combine("obj"), 10);
        store.Store(Outputs.Key("k"), temp.Combine("obj"), Outputs.TypicalNames, []);
        store.TryGetEntry(Outputs.Key("missing"), out _, out _);
        store.TryGetEntry(Outputs.Key("k"), out var entry, out _);
        var restored = store.Restore(entry!, temp.Combine("out"));
        var stats = store.GetStats();
        Assert.Equal(1, stats.RecentHits);
        Assert.Equal(1, stats.RecentMisses);
        Assert.Equal(restored.BytesRestored, stats.RecentBytesRestored);
        Assert.Equal(1, stats.Entries);
        Assert.Equal(0.5, stats.RecentHitRate);
    }

    [Fact]
    public void Stats_log_stays_small()
    {
        using var temp = new TempDirectory();
        var store = ContentStore.Open(temp.Combine("cache"));
        for (int i = 0; i < 5000; i++) store.TryGetEntry(Outputs.Key("m" + i), out _, out _);
        Outputs.Write(temp.Combine("obj"), 11, "Lib.dll");
        store.Store(Outputs.Key("k"), temp.Combine("obj"), ["Lib.dll"], []);
        Assert.True(new FileInfo(temp.Combine("cache", "stats.log")).Length <= StatsLog.MaxBytes);
        Assert.True(store.GetStats().RecentMisses > 1000);
    }

    [Fact]
    public void Clear_empties_the_store()
    {
        using var temp = new TempDirectory();
        var store = ContentStore.Open(temp.Combine("cache"));
        Outputs.Write(temp.Combine("obj"), 12);
        store.Store(Outputs.Key("k"), temp.Combine("obj"), Outputs.TypicalNames, []);
        var cleared = store.Clear();
        Assert.Null(cleared.Problem);
        Assert.True(cleared.BytesBefore > 0);
        Assert.Equal(0, store.SizeBytes);
        Assert.Equal(0, store.EntryCount);
        Assert.False(store.TryGetEntry(Outputs.Key("k"), out _, out _));
        Assert.True(store.Store(Outputs.Key("k"), temp.Combine("obj"), Outputs.TypicalNames, []).Stored);
    }

    internal static string Snapshot(string folder) => string.Join("\n",
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order()
            .Select(f => $"{f} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f):O}"));
}
