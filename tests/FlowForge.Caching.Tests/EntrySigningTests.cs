using FlowForge.Config;
using FlowForge.Core.Hashing;

namespace FlowForge.Caching.Tests;

/// <summary>Issue 20: with a cache key, only entries signed by a key holder are restored; without one, nothing changes.</summary>
public sealed class EntrySigningTests : IDisposable
{
    private const string OldKey = "old-key-0123456789abcdef";
    private const string NewKey = "new-key-fedcba9876543210";
    private static readonly ContentHash Key = Outputs.Key("signed");
    private readonly TempDirectory _temp = new();

    private static ActionEntry Sample(ContentHash? key = null) => new(key ?? Key,
        [new OutputFile("Lib.dll", ContentHash.Of("dll"), 3, false), new OutputFile("Lib.pdb", ContentHash.Of("pdb"), 3, false)],
        ["Program.cs(1,1): warning CS0168: unused"], new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), "1.0");

    private static EntrySigner Signer(string keys) => EntrySigner.Parse(keys, "test", out var problem) ?? throw new InvalidOperationException(problem);

    [Fact]
    public void Key_lists_take_commas_semicolons_lines_and_comments_and_refuse_short_or_missing_keys()
    {
        Assert.Null(EntrySigner.Parse("  ", "FLOWFORGE_CACHE_KEY", out var none));
        Assert.Null(none);
        Assert.Equal(3, Signer($"{NewKey},{OldKey};third-key-0000000000").KeyCount);
        Assert.Equal(2, Signer($"# rotated on 2026-01-01\n{NewKey}\n\n{OldKey}\n").KeyCount);

        Assert.Null(EntrySigner.Parse($"{NewKey},short", "FLOWFORGE_CACHE_KEY", out var tooShort));
        Assert.Contains("key 2 of FLOWFORGE_CACHE_KEY has 5 characters", tooShort);
        Assert.DoesNotContain("short", tooShort!.Replace("characters", ""));
        Assert.Null(EntrySigner.Parse("# only a comment\n", "the key file", out var empty));
        Assert.Equal("the key file holds no key", empty);
    }

    [Fact]
    public void A_signed_entry_round_trips_and_a_reader_without_a_key_ignores_the_signature()
    {
        var signer = Signer(NewKey);
        var bytes = ActionEntrySerializer.Serialize(Sample(), signer);
        Assert.Equal(Sample().Files, ActionEntrySerializer.TryParse(bytes, Key, out _, out _, signer)!.Files);
        // Pull-request builds hold no key: they read signed entries exactly as before.
        Assert.Equal(Sample().Files, ActionEntrySerializer.TryParse(bytes, Key, out var code, out _)!.Files);
        Assert.Null(code);
    }

    [Fact]
    public void With_a_key_an_unsigned_entry_is_untrusted()
    {
        var bytes = ActionEntrySerializer.Serialize(Sample());
        Assert.Null(ActionEntrySerializer.TryParse(bytes, Key, out var code, out var reason, Signer(NewKey)));
        Assert.Equal(CacheDiagnosticCodes.UntrustedEntry, code);
        Assert.Contains("not signed", reason);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_entry_forged_with_a_recomputed_checksum_is_refused_with_a_key_and_taken_without_one(bool keepSignature)
    {
        var signer = Signer(NewKey);
        var genuine = ActionEntrySerializer.Serialize(Sample(), signer);
        var other = ContentHash.Of("someone else's dll");
        var forged = EntryForgery.Forge(genuine, EntryForgery.RedirectOutput("Lib.dll", other.ToString(), 3), keepSignature);

        Assert.Null(ActionEntrySerializer.TryParse(forged, Key, out var code, out _, signer));
        Assert.Equal(CacheDiagnosticCodes.UntrustedEntry, code);
        // The threat the key exists for: the unkeyed checksum alone accepts the forgery (corruption check only).
        Assert.Equal(other, ActionEntrySerializer.TryParse(forged, Key, out _, out _)!.Files.Single(f => f.RelativePath == "Lib.dll").Hash);
    }

    [Fact]
    public void A_signature_is_bound_to_its_fingerprint()
    {
        var signer = Signer(NewKey);
        var elsewhere = Outputs.Key("another compile");
        // The same body copied under another fingerprint (its "key" field edited, checksum recomputed, signature kept).
        var moved = EntryForgery.Forge(ActionEntrySerializer.Serialize(Sample(), signer), e => e["key"] = elsewhere.ToString());
        Assert.Null(ActionEntrySerializer.TryParse(moved, elsewhere, out var code, out _, signer));
        Assert.Equal(CacheDiagnosticCodes.UntrustedEntry, code);
        Assert.NotEqual(signer.Sign(Key, "body"u8), signer.Sign(elsewhere, "body"u8));
    }

    [Fact]
    public void Rotation_the_first_key_signs_and_every_listed_key_verifies()
    {
        var signedWithOld = ActionEntrySerializer.Serialize(Sample(), Signer(OldKey));
        var rotating = Signer($"{NewKey},{OldKey}");
        Assert.NotNull(ActionEntrySerializer.TryParse(signedWithOld, Key, out _, out _, rotating));
        Assert.Null(ActionEntrySerializer.TryParse(signedWithOld, Key, out var code, out var reason, Signer(NewKey)));
        Assert.Equal(CacheDiagnosticCodes.UntrustedEntry, code);
        Assert.Contains("not made with any of the configured cache keys", reason);

        var signedWhileRotating = ActionEntrySerializer.Serialize(Sample(), rotating);
        Assert.NotNull(ActionEntrySerializer.TryParse(signedWhileRotating, Key, out _, out _, Signer(NewKey)));
        Assert.Null(ActionEntrySerializer.TryParse(signedWhileRotating, Key, out _, out _, Signer(OldKey)));
    }

    [Fact]
    public void Keys_never_appear_in_settings_text_or_sharing_keys()
    {
        var env = new Dictionary<string, string?> { [EntrySigner.KeyVariable] = $"{NewKey},{OldKey}", ["FLOWFORGE_CACHE"] = _temp.Combine("c") };
        var settings = CompileCacheSettings.From(FlowForgeSettings.Default, n => env.GetValueOrDefault(n));
        Assert.Equal(2, settings.Signer!.KeyCount);
        foreach (var text in new[] { settings.ToString(), settings.SharingKey, settings.Signer.ToString(), settings.Signer.Id })
        {
            Assert.DoesNotContain(NewKey, text);
            Assert.DoesNotContain(OldKey, text);
        }
        var keyless = CompileCacheSettings.From(FlowForgeSettings.Default, n => n == "FLOWFORGE_CACHE" ? _temp.Combine("c") : null);
        Assert.NotEqual(keyless.SharingKey, settings.SharingKey);
        env[EntrySigner.KeyVariable] = NewKey;
        Assert.NotEqual(settings.SharingKey, CompileCacheSettings.From(FlowForgeSettings.Default, n => env.GetValueOrDefault(n)).SharingKey);
    }

    [Fact]
    public void A_forged_local_entry_is_a_miss_with_FF2016_deleted_and_replaced_by_the_next_signed_store()
    {
        var signer = Signer(NewKey);
        var root = _temp.Combine("cache");
        var obj = _temp.Combine("obj");
        var expected = Outputs.Write(obj, 1);
        var honest = ContentStore.Open(root, new ContentStoreOptions { Signer = signer });
        Assert.True(honest.Store(Key, obj, Outputs.TypicalNames, []).Stored);

        // Someone with write access to the folder points Lib.dll at another stored blob and recomputes the checksum.
        var otherObj = _temp.Combine("other-obj");
        Outputs.Write(otherObj, 2);
        Assert.True(honest.Store(Outputs.Key("other"), otherObj, Outputs.TypicalNames, []).Stored);
        honest.TryGetEntry(Outputs.Key("other"), out var otherEntry, out _);
        var otherDll = otherEntry!.Files.Single(f => f.RelativePath == "Lib.dll");
        var entryFile = Path.Combine(root, "ac", Key.ToString()[..2], Key.ToString());
        File.WriteAllBytes(entryFile, EntryForgery.Forge(File.ReadAllBytes(entryFile), EntryForgery.RedirectOutput("Lib.dll", otherDll.Hash.ToString(), otherDll.Size)));

        // A build without the key would take it; a build with the key refuses it.
        Assert.True(ContentStore.Open(root, new ContentStoreOptions { ReadOnly = true }).TryGetEntry(Key, out var taken, out _));
        Assert.Equal(otherDll.Hash, taken!.Files.Single(f => f.RelativePath == "Lib.dll").Hash);
        var keyed = ContentStore.Open(root, new ContentStoreOptions { Signer = signer });
        Assert.False(keyed.TryGetEntry(Key, out _, out var problem));
        Assert.Equal(CacheDiagnosticCodes.UntrustedEntry, problem!.Code);
        Assert.False(File.Exists(entryFile));

        Assert.True(keyed.Store(Key, obj, Outputs.TypicalNames, []).Stored);
        Assert.True(keyed.TryGetEntry(Key, out var entry, out _));
        var restoredTo = _temp.Combine("restored");
        Assert.True(keyed.Restore(entry!, restoredTo).Success);
        Outputs.AssertRestored(restoredTo, expected);
    }

    [Fact]
    public void The_key_comes_from_FLOWFORGE_CACHE_KEY_or_a_key_file_and_an_unusable_one_turns_the_cache_off()
    {
        var keyFile = _temp.Combine("cache.key");
        File.WriteAllText(keyFile, $"# FlowForge cache keys\n{NewKey}\n");
        var properties = new Dictionary<string, string?> { ["FlowForgeCacheRoot"] = _temp.Combine("c"), ["FlowForgeCacheKeyFile"] = keyFile };
        var fromFile = CompileCacheSettings.From(FlowForgeSettings.FromValues(p => properties.GetValueOrDefault(p)), _ => null);
        Assert.Equal(keyFile, fromFile.KeyFile);
        var obj = _temp.Combine("obj");
        Outputs.Write(obj, 3);
        using (var cache = CompileCache.Open(fromFile, _ => null))
        {
            Assert.Empty(cache.OpenDiagnostics);
            Assert.Equal(1, cache.Local!.Options.Signer!.KeyCount);
            Assert.True(cache.Store(Key, obj, Outputs.TypicalNames, [], TimeSpan.Zero).Stored);
        }
        // The variable wins over the file: an entry signed with the file's key is refused under another key.
        var fromVariable = CompileCacheSettings.From(FlowForgeSettings.FromValues(p => properties.GetValueOrDefault(p)),
            n => n == EntrySigner.KeyVariable ? OldKey : null);
        Assert.Null(fromVariable.KeyFile);
        using (var cache = CompileCache.Open(fromVariable, _ => null))
        {
            var miss = cache.TryRestore(Key, _temp.Combine("obj2"), Outputs.TypicalNames);
            Assert.False(miss.Hit);
            Assert.Equal(CacheDiagnosticCodes.UntrustedEntry, Assert.Single(miss.Problems).Code);
        }

        properties["FlowForgeCacheKeyFile"] = _temp.Combine("missing.key");
        using (var cache = CompileCache.Open(CompileCacheSettings.From(FlowForgeSettings.FromValues(p => properties.GetValueOrDefault(p)), _ => null), _ => null))
        {
            Assert.False(cache.Enabled);
            Assert.Equal(CacheDiagnosticCodes.CacheKeyUnusable, Assert.Single(cache.OpenDiagnostics).Code);
        }
        using (var cache = CompileCache.Open(CompileCacheSettings.From(FlowForgeSettings.FromValues(p => properties.GetValueOrDefault(p)),
                   n => n == EntrySigner.KeyVariable ? "secret" : null), _ => null))
        {
            Assert.False(cache.Enabled);
            var warning = Assert.Single(cache.OpenDiagnostics);
            Assert.Equal(CacheDiagnosticCodes.CacheKeyUnusable, warning.Code);
            Assert.DoesNotContain("secret", warning.Message);
        }
    }

    [Fact]
    public void Credentials_in_the_remote_url_from_a_property_or_the_environment_warn_FF5108_without_showing_them()
    {
        var settings = new CompileCacheSettings { Root = _temp.Combine("c"), RemoteUrl = "http://builder:hunter2-secret@127.0.0.1:9/cache" };
        using (var cache = CompileCache.Open(settings, _ => null))
        {
            var warning = Assert.Single(cache.OpenDiagnostics);
            Assert.Equal(ConfigDiagnosticCodes.CredentialsInFile, warning.Code);
            Assert.Contains(RemoteCacheOptions.TokenVariable, warning.Message);
            Assert.Contains("http://127.0.0.1:9/cache", warning.Message);
            Assert.DoesNotContain("hunter2", warning.Message);
            Assert.DoesNotContain("builder", warning.Message);
        }
        // flowforge.toml's reader reported it already, with the file's line and column.
        using (var cache = CompileCache.Open(settings with { RemoteUrlWarnedByConfigFile = true }, _ => null))
            Assert.Empty(cache.OpenDiagnostics);
        using (var cache = CompileCache.Open(settings with { RemoteUrl = "http://127.0.0.1:9/cache" }, _ => null))
            Assert.Empty(cache.OpenDiagnostics);
    }

    public void Dispose() => _temp.Dispose();
}
