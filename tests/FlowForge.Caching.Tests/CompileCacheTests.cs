using FlowForge.Config;
using FlowForge.Core.Hashing;

namespace FlowForge.Caching.Tests;

/// <summary>The facade the compile gate calls: restore into obj/ by fingerprint, store after a compile.</summary>
public class CompileCacheTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private static readonly CompilerDiagnostic[] Warnings =
    [
        new("CS0168", CompilerDiagnosticSeverity.Warning, "The variable 'x' is declared but never used", "Program.cs", 7, 13, 7, 14),
        new("CS8602", CompilerDiagnosticSeverity.Warning, "Dereference of a possibly null reference.", "../Shared/Linked.cs", 6, 37, 6, 44),
    ];

    private CompileCacheSettings Settings(string root = "cache") => new() { Root = _temp.Combine(root) };

    [Fact]
    public void Stored_outputs_and_warnings_come_back_in_another_clone_byte_identical()
    {
        var obj = _temp.Combine("clone1", "App", "obj", "Release", "net8.0");
        var expected = Outputs.Write(obj, 1);
        using (var cache = CompileCache.Open(Settings()))
        {
            Assert.Empty(cache.OpenDiagnostics);
            var stored = cache.Store(Outputs.Key("app"), obj, Outputs.TypicalNames, Warnings, TimeSpan.FromSeconds(3.5));
            Assert.True(stored.Stored);
            Assert.Empty(stored.Problems);
            Assert.Equal(expected.Values.Sum(b => (long)b.Length), stored.BytesAdded - new FileInfo(Directory.GetFiles(_temp.Combine("cache", "ac"), "*", SearchOption.AllDirectories).Single()).Length);
        }

        // Another clone, another process's cache instance: a local hit.
        var obj2 = _temp.Combine("clone2", "App", "obj", "Release", "net8.0");
        using var again = CompileCache.Open(Settings());
        var restored = again.TryRestore(Outputs.Key("app"), obj2, Outputs.TypicalNames.Select(n => Path.Combine(obj2, n)).ToList());
        Assert.True(restored.Hit);
        Assert.Equal(CacheTier.Local, restored.Source);
        Assert.Equal(5, restored.FilesRestored);
        Assert.Equal(TimeSpan.FromSeconds(3.5), restored.SavedCompileTime);
        Assert.Equal(Warnings, restored.CompilerDiagnostics);
        Assert.Empty(restored.Problems);
        Outputs.AssertRestored(obj2, expected);

        var replay = restored.CompilerDiagnostics[1].ForReplay(_temp.Combine("clone2", "App"));
        Assert.Equal(_temp.Combine("clone2", "Shared", "Linked.cs"), replay.File);

        // Same instance again: the memory tier answers, the files are copied again.
        File.Delete(Path.Combine(obj2, "Lib.dll"));
        var second = again.TryRestore(Outputs.Key("app"), obj2, Outputs.TypicalNames);
        Assert.Equal(CacheTier.Memory, second.Source);
        Outputs.AssertRestored(obj2, expected);
        Assert.Equal(2, again.GetStats()!.RecentHits);
    }

    [Fact]
    public void A_different_set_of_expected_outputs_is_a_plain_miss()
    {
        var obj = _temp.Combine("obj");
        Outputs.Write(obj, 2);
        using var cache = CompileCache.Open(Settings());
        cache.Store(Outputs.Key("k"), obj, Outputs.TypicalNames, [], TimeSpan.Zero);
        var fewer = cache.TryRestore(Outputs.Key("k"), _temp.Combine("obj2"), Outputs.TypicalNames.Take(4).ToList());
        Assert.False(fewer.Hit);
        Assert.Empty(fewer.Problems);
        Assert.False(Directory.Exists(_temp.Combine("obj2")));
        Assert.False(cache.TryRestore(Outputs.Key("other"), _temp.Combine("obj2"), Outputs.TypicalNames).Hit);
    }

    [Fact]
    public void Outputs_outside_obj_are_refused_with_FF2003()
    {
        var obj = _temp.Combine("obj");
        Outputs.Write(obj, 3);
        File.WriteAllText(_temp.Combine("outside.dll"), "x");
        using var cache = CompileCache.Open(Settings());
        var stored = cache.Store(Outputs.Key("k"), obj, ["Lib.dll", _temp.Combine("outside.dll")], [], TimeSpan.Zero);
        Assert.False(stored.Stored);
        Assert.Equal(CacheDiagnosticCodes.UnsafePath, Assert.Single(stored.Problems).Code);
        var relative = cache.Store(Outputs.Key("k"), obj, ["../outside.dll"], [], TimeSpan.Zero);
        Assert.Equal(CacheDiagnosticCodes.UnsafePath, Assert.Single(relative.Problems).Code);
        Assert.Equal(0, cache.Local!.EntryCount);
        var restore = cache.TryRestore(Outputs.Key("k"), obj, ["../../etc/passwd"]);
        Assert.Equal(CacheDiagnosticCodes.UnsafePath, Assert.Single(restore.Problems).Code);
    }

    [Fact]
    public void A_restore_that_fails_midway_leaves_none_of_the_outputs_in_obj()
    {
        var obj = _temp.Combine("obj");
        Outputs.Write(obj, 4);
        using var cache = CompileCache.Open(Settings());
        Assert.True(cache.Store(Outputs.Key("k"), obj, Outputs.TypicalNames, Warnings, TimeSpan.Zero).Stored);

        // A stale obj/ of another compile, where the last output cannot be replaced (a folder sits at its path):
        // the first four would be renamed into place before the fifth fails.
        var target = _temp.Combine("target-obj");
        Outputs.Write(target, 99, "Lib.dll", "ref/Lib.dll", "refint/Lib.dll");
        Directory.CreateDirectory(Path.Combine(target, "Lib.xml", "blocker"));
        var restored = cache.TryRestore(Outputs.Key("k"), target, Outputs.TypicalNames);

        Assert.False(restored.Hit);
        Assert.Equal(CacheDiagnosticCodes.RestoreFailed, Assert.Single(restored.Problems).Code);
        Assert.Empty(restored.CompilerDiagnostics);
        foreach (var name in Outputs.TypicalNames.Where(n => n != "Lib.xml"))
            Assert.False(File.Exists(Path.Combine(target, name)), $"{name} was left behind");
        Assert.Empty(Directory.EnumerateFiles(target, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Corrupt_blob_is_a_miss_with_FF2001_and_the_stale_outputs_are_removed()
    {
        var obj = _temp.Combine("obj");
        var expected = Outputs.Write(obj, 5);
        using var cache = CompileCache.Open(Settings());
        cache.Store(Outputs.Key("k"), obj, Outputs.TypicalNames, [], TimeSpan.Zero);
        var blob = Directory.GetFiles(_temp.Combine("cache", "cas"), ContentHash.Of(expected["Lib.pdb"]).ToString(), SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(blob);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(blob, bytes);

        using var fresh = CompileCache.Open(Settings());
        var target = _temp.Combine("target");
        Outputs.Write(target, 77, "Lib.dll");
        var restored = fresh.TryRestore(Outputs.Key("k"), target, Outputs.TypicalNames);
        Assert.False(restored.Hit);
        Assert.Equal(CacheDiagnosticCodes.CorruptBlob, Assert.Single(restored.Problems).Code);
        Assert.False(File.Exists(Path.Combine(target, "Lib.dll")));
        Assert.False(fresh.TryRestore(Outputs.Key("k"), target, Outputs.TypicalNames).Hit); // deleted: a plain miss now
    }

    [Fact]
    public void Disabled_cache_never_touches_the_disk()
    {
        var obj = _temp.Combine("obj");
        Outputs.Write(obj, 6);
        using var cache = CompileCache.Open(Settings() with { Enabled = false });
        Assert.False(cache.Enabled);
        Assert.False(cache.Store(Outputs.Key("k"), obj, Outputs.TypicalNames, [], TimeSpan.Zero).Stored);
        Assert.False(cache.TryRestore(Outputs.Key("k"), obj, Outputs.TypicalNames).Hit);
        Assert.False(Directory.Exists(_temp.Combine("cache")));
        Assert.Null(cache.GetStats());
    }

    [Fact]
    public void Read_only_cache_restores_but_stores_nothing()
    {
        var obj = _temp.Combine("obj");
        var expected = Outputs.Write(obj, 7);
        using (var writer = CompileCache.Open(Settings())) writer.Store(Outputs.Key("k"), obj, Outputs.TypicalNames, [], TimeSpan.Zero);
        using var reader = CompileCache.Open(Settings() with { ReadOnly = true });
        Assert.True(reader.TryRestore(Outputs.Key("k"), _temp.Combine("o2"), Outputs.TypicalNames).Hit);
        Outputs.AssertRestored(_temp.Combine("o2"), expected);
        var stored = reader.Store(Outputs.Key("new"), obj, Outputs.TypicalNames, [], TimeSpan.Zero);
        Assert.False(stored.Stored);
        Assert.Empty(stored.Problems);
        Assert.Equal(1, reader.Local!.EntryCount);
    }

    [Fact]
    public void Unwritable_cache_folder_costs_one_warning_for_the_whole_build()
    {
        File.WriteAllText(_temp.Combine("a-file"), "not a folder");
        using var cache = CompileCache.Open(Settings(Path.Combine("a-file", "cache")));
        var problems = cache.OpenDiagnostics.ToList();
        for (int i = 0; i < 5; i++)
        {
            var obj = _temp.Combine("obj" + i);
            Outputs.Write(obj, i);
            var restored = cache.TryRestore(Outputs.Key("p" + i), obj, Outputs.TypicalNames);
            Assert.False(restored.Hit);
            problems.AddRange(restored.Problems);
            var stored = cache.Store(Outputs.Key("p" + i), obj, Outputs.TypicalNames, [], TimeSpan.Zero);
            Assert.False(stored.Stored);
            problems.AddRange(stored.Problems);
        }
        // A path under a file is ENOTDIR (FF2005); a read-only folder is FF2004. Either way: one warning.
        Assert.Contains(Assert.Single(problems).Code, new[] { CacheDiagnosticCodes.NotWritable, CacheDiagnosticCodes.WriteFailed });
    }

    [Fact]
    public void Settings_come_from_flowforge_settings_and_the_environment()
    {
        var env = new Dictionary<string, string?> { ["FLOWFORGE_CACHE"] = _temp.Combine("from-env"), ["FLOWFORGE_REMOTE_CACHE_URL"] = "http://u:secret@127.0.0.1:9/c" };
        var defaults = CompileCacheSettings.From(FlowForgeSettings.Default, n => env.GetValueOrDefault(n));
        Assert.Equal(_temp.Combine("from-env"), defaults.Root);
        Assert.Equal(10_000_000_000L, defaults.SizeLimitBytes);
        Assert.Equal(ContentStoreOptions.DefaultSizeLimitBytes, new ContentStoreOptions().SizeLimitBytes);
        Assert.True(defaults.Enabled);
        Assert.False(defaults.ReadOnly);
        Assert.Equal("http://u:secret@127.0.0.1:9/c", defaults.RemoteUrl);
        Assert.DoesNotContain("secret", defaults.SharingKey);
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10)), (defaults.RemoteConnectTimeout, defaults.RemoteReadTimeout));

        var properties = new Dictionary<string, string?>
        {
            ["FlowForgeCache"] = "false", ["FlowForgeCacheRoot"] = _temp.Combine("prop"), ["FlowForgeCacheSizeLimit"] = "2GB",
            ["FlowForgeCacheReadOnly"] = "true", ["FlowForgeRemoteCacheConnectTimeout"] = "500", ["FlowForgeRemoteCacheReadTimeout"] = "3s",
        };
        var set = CompileCacheSettings.From(FlowForgeSettings.FromValues(p => properties.GetValueOrDefault(p)), n => env.GetValueOrDefault(n));
        Assert.Equal((false, _temp.Combine("prop"), 2_000_000_000L, true), (set.Enabled, set.Root, set.SizeLimitBytes, set.ReadOnly));
        Assert.Equal((TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(3)), (set.RemoteConnectTimeout, set.RemoteReadTimeout));
        Assert.NotEqual(defaults.SharingKey, set.SharingKey);
        Assert.Equal(set.SharingKey, (set with { }).SharingKey);
    }

    [Fact]
    public void The_background_writer_settings_come_from_the_properties_and_decide_whether_there_is_a_writer()
    {
        var defaults = CompileCacheSettings.From(FlowForgeSettings.Default, _ => null);
        Assert.True(defaults.BackgroundStore);
        Assert.Equal(TimeSpan.FromSeconds(120), defaults.DrainTimeout);

        var properties = new Dictionary<string, string?>
        {
            ["FlowForgeCacheRoot"] = _temp.Combine("inline"), ["FlowForgeCacheBackgroundStore"] = "false", ["FlowForgeCacheDrainTimeout"] = "15s",
        };
        var inline = CompileCacheSettings.From(FlowForgeSettings.FromValues(p => properties.GetValueOrDefault(p)), _ => null);
        Assert.Equal((false, TimeSpan.FromSeconds(15)), (inline.BackgroundStore, inline.DrainTimeout));
        Assert.NotEqual(inline.SharingKey, (inline with { BackgroundStore = true }).SharingKey);
        Assert.NotEqual(inline.SharingKey, (inline with { DrainTimeout = TimeSpan.FromSeconds(16) }).SharingKey);

        using (var cache = CompileCache.Open(inline, _ => null))
        {
            Assert.False(cache.StoresInBackground);
            Assert.False(cache.TryStoreInBackground("p", Outputs.Key("p"), _temp.Combine("obj"), Outputs.TypicalNames, null, [], TimeSpan.Zero));
            Assert.Null(cache.DrainWriter());
        }
        using (var cache = CompileCache.Open(inline with { BackgroundStore = true }, _ => null)) Assert.True(cache.StoresInBackground);
        using (var cache = CompileCache.Open(inline with { BackgroundStore = true, ReadOnly = true }, _ => null)) Assert.False(cache.StoresInBackground);
    }

    [Fact]
    public void The_large_file_threshold_reaches_the_local_store()
    {
        var properties = new Dictionary<string, string?> { ["FlowForgeCacheRoot"] = _temp.Combine("chunked"), ["FlowForgeLargeFileThreshold"] = "64KiB" };
        var settings = CompileCacheSettings.From(FlowForgeSettings.FromValues(p => properties.GetValueOrDefault(p)), _ => null);
        Assert.Equal(64L * 1024, settings.LargeFileThreshold);
        Assert.Equal(1L << 20, CompileCacheSettings.From(FlowForgeSettings.Default, _ => null).LargeFileThreshold);
        Assert.NotEqual(settings.SharingKey, (settings with { LargeFileThreshold = 0 }).SharingKey);

        using var cache = CompileCache.Open(settings, _ => null);
        Assert.Equal(64L * 1024, cache.Local!.Options.LargeFileThreshold);
    }

    public void Dispose() => _temp.Dispose();
}
