using FlowForge.Core.Hashing;

namespace FlowForge.Caching.Tests;

/// <summary>A corrupt entry is a miss, deleted and warned about once — never a wrong output.</summary>
public class CorruptionTests
{
    private sealed class Fixture : IDisposable
    {
        public readonly TempDirectory Temp = new();
        public readonly ContentStore Store;
        public readonly Dictionary<string, byte[]> Expected;
        public readonly ContentHash Key = Outputs.Key("corrupt");

        public Fixture()
        {
            Store = ContentStore.Open(Temp.Combine("cache"));
            Expected = Outputs.Write(Temp.Combine("obj"), 42);
            Assert.True(Store.Store(Key, Temp.Combine("obj"), Outputs.TypicalNames, ["w"]).Stored);
        }

        public string EntryPath => Temp.Combine("cache", "ac", Key.ToString()[..2], Key.ToString());

        public string BlobPath(string output)
        {
            var hash = ContentHash.Of(Expected[output]).ToString();
            return Temp.Combine("cache", "cas", hash[..2], hash);
        }

        public string Destination => Temp.Combine("dest");

        public void Dispose() => Temp.Dispose();
    }

    public enum Damage { FlipByte, Truncate, RandomBytes, Empty }

    private static void Apply(string path, Damage damage, int seed)
    {
        var bytes = File.ReadAllBytes(path);
        var random = new Random(seed);
        switch (damage)
        {
            case Damage.FlipByte: bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8)); break;
            case Damage.Truncate: bytes = bytes[..random.Next(bytes.Length)]; break;
            case Damage.RandomBytes: random.NextBytes(bytes); break;
            case Damage.Empty: bytes = []; break;
        }
        File.WriteAllBytes(path, bytes);
    }

    [Theory]
    [InlineData(Damage.FlipByte, 1)]
    [InlineData(Damage.FlipByte, 2)]
    [InlineData(Damage.FlipByte, 3)]
    [InlineData(Damage.Truncate, 1)]
    [InlineData(Damage.RandomBytes, 1)]
    [InlineData(Damage.Empty, 1)]
    public void Corrupt_blob_is_a_miss_deleted_and_warned_once_and_nothing_is_restored(Damage damage, int seed)
    {
        using var f = new Fixture();
        Apply(f.BlobPath("Lib.pdb"), damage, seed);
        var before = f.Store.Totals;

        Assert.True(f.Store.TryGetEntry(f.Key, out var entry, out _)); // manifest is fine; blobs are checked while copying
        var result = f.Store.Restore(entry!, f.Destination);
        Assert.False(result.Success);
        Assert.Equal(CacheDiagnosticCodes.CorruptBlob, result.Problem!.Code);
        Assert.False(File.Exists(f.BlobPath("Lib.pdb")));
        Assert.False(File.Exists(f.EntryPath));
        // Nothing half-restored: the destination holds no output and no temp file.
        Assert.True(!Directory.Exists(f.Destination) || !Directory.EnumerateFiles(f.Destination, "*", SearchOption.AllDirectories).Any());

        // Warned once: the next lookup is a plain miss.
        Assert.False(f.Store.TryGetEntry(f.Key, out _, out var second));
        Assert.Null(second);
        var after = f.Store.Totals;
        Assert.Equal(before.Entries - 1, after.Entries);
        Assert.Equal(before.Blobs - 1, after.Blobs);
        Assert.Equal(SizeIndex.Scan(CacheFileSystem.Physical, new StoreLayout(f.Temp.Combine("cache"))), after);
    }

    [Theory]
    [InlineData(Damage.FlipByte, 1)]
    [InlineData(Damage.FlipByte, 2)]
    [InlineData(Damage.FlipByte, 3)]
    [InlineData(Damage.FlipByte, 4)]
    [InlineData(Damage.Truncate, 1)]
    [InlineData(Damage.Truncate, 2)]
    [InlineData(Damage.RandomBytes, 1)]
    [InlineData(Damage.Empty, 1)]
    public void Corrupt_manifest_is_a_miss_deleted_and_warned_once(Damage damage, int seed)
    {
        using var f = new Fixture();
        Apply(f.EntryPath, damage, seed);
        Assert.False(f.Store.TryGetEntry(f.Key, out var entry, out var problem));
        Assert.Null(entry);
        Assert.Equal(CacheDiagnosticCodes.CorruptEntry, problem!.Code);
        Assert.False(File.Exists(f.EntryPath));
        Assert.False(f.Store.TryGetEntry(f.Key, out _, out var second));
        Assert.Null(second);
    }

    [Fact]
    public void Manifest_with_path_outside_obj_is_rejected_even_with_a_valid_checksum()
    {
        using var f = new Fixture();
        f.Store.TryGetEntry(f.Key, out var entry, out _);
        var evil = entry! with { Files = [entry.Files[0] with { RelativePath = "../../evil.dll" }] };
        File.WriteAllBytes(f.EntryPath, ActionEntrySerializer.Serialize(evil));

        Assert.False(f.Store.TryGetEntry(f.Key, out _, out var problem));
        Assert.Equal(CacheDiagnosticCodes.UnsafePath, problem!.Code);
        Assert.False(File.Exists(f.EntryPath));
        Assert.False(File.Exists(f.Temp.Combine("evil.dll")));
    }

    [Fact]
    public void Restore_refuses_an_in_memory_entry_with_an_unsafe_path()
    {
        using var f = new Fixture();
        f.Store.TryGetEntry(f.Key, out var entry, out _);
        var evil = entry! with { Files = [entry.Files[0] with { RelativePath = "../evil.dll" }] };
        var result = f.Store.Restore(evil, f.Destination);
        Assert.False(result.Success);
        Assert.Equal(CacheDiagnosticCodes.UnsafePath, result.Problem!.Code);
        Assert.False(File.Exists(f.Temp.Combine("evil.dll")));
    }

    [Fact]
    public void Entry_with_evicted_blob_is_a_plain_miss()
    {
        using var f = new Fixture();
        File.Delete(f.BlobPath("Lib.xml"));
        Assert.False(f.Store.TryGetEntry(f.Key, out _, out var problem));
        Assert.Null(problem);
        Assert.False(File.Exists(f.EntryPath));
    }

    [Fact]
    public void Entry_file_placed_under_another_key_is_rejected()
    {
        using var f = new Fixture();
        var other = Outputs.Key("other");
        var otherPath = f.Temp.Combine("cache", "ac", other.ToString()[..2], other.ToString());
        Directory.CreateDirectory(Path.GetDirectoryName(otherPath)!);
        File.Copy(f.EntryPath, otherPath);
        Assert.False(f.Store.TryGetEntry(other, out _, out var problem));
        Assert.Equal(CacheDiagnosticCodes.CorruptEntry, problem!.Code);
    }

    [Fact]
    public void Read_only_store_reports_corruption_but_deletes_nothing()
    {
        using var f = new Fixture();
        Apply(f.BlobPath("Lib.dll"), Damage.FlipByte, 9);
        var readOnly = ContentStore.Open(f.Temp.Combine("cache"), new ContentStoreOptions { ReadOnly = true });
        Assert.True(readOnly.TryGetEntry(f.Key, out var entry, out _));
        var result = readOnly.Restore(entry!, f.Destination);
        Assert.False(result.Success);
        Assert.Equal(CacheDiagnosticCodes.CorruptBlob, result.Problem!.Code);
        Assert.True(File.Exists(f.BlobPath("Lib.dll")));
    }

    [Fact]
    public void Verify_finds_and_removes_every_kind_of_damage()
    {
        using var f = new Fixture();
        var otherExpected = Outputs.Write(f.Temp.Combine("obj2"), 43, "Other.dll");
        f.Store.Store(Outputs.Key("second"), f.Temp.Combine("obj2"), ["Other.dll"], []);
        Apply(f.BlobPath("Lib.dll"), Damage.FlipByte, 1);
        var secondKey = Outputs.Key("second").ToString();
        Apply(f.Temp.Combine("cache", "ac", secondKey[..2], secondKey), Damage.Truncate, 1);

        var reports = new List<VerifyProgress>();
        var result = f.Store.Verify(new Progress<VerifyProgress>(reports.Add));
        Assert.Equal(1, result.CorruptBlobs);
        Assert.Equal(1, result.CorruptEntries);
        Assert.Equal(1, result.DanglingEntries); // the first entry named the corrupt blob
        Assert.False(result.IsHealthy);
        Assert.Contains(result.Problems, p => p.Code == CacheDiagnosticCodes.CorruptBlob);
        Assert.Contains(result.Problems, p => p.Code == CacheDiagnosticCodes.CorruptEntry);
        Assert.Equal(0, f.Store.EntryCount);

        var again = f.Store.Verify();
        Assert.True(again.IsHealthy);
        Assert.Empty(again.Problems);
        Assert.Equal(SizeIndex.Scan(CacheFileSystem.Physical, new StoreLayout(f.Temp.Combine("cache"))), f.Store.Totals);
        _ = otherExpected;
    }
}
