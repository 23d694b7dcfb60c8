using FlowForge.Core.Hashing;

namespace FlowForge.Core.Tests;

public class StatCacheTests
{
    [Fact]
    public void UnchangedAgedFileIsNotReadAgain()
    {
        using var temp = new TempFolder();
        var file = temp.File("a.cs", "class A {}");
        TempFolder.Age(file);
        var cache = new StatCache(TempFolder.Later);
        var first = cache.GetHash(file, FileStatus.Of(file));
        var second = cache.GetHash(file, FileStatus.Of(file));
        Assert.Equal(first, second);
        Assert.Equal(1, cache.FilesHashed);
    }

    [Fact]
    public void RacyEntryIsHashedAgain()
    {
        // A hash taken in the same instant as the file's last write may predate a second write with
        // the same timestamp: the racy guard re-reads such files instead of trusting the cache.
        using var temp = new TempFolder();
        var file = temp.File("a.cs", "class A {}");
        var mtime = DateTime.UtcNow;
        File.SetLastWriteTimeUtc(file, mtime);
        var cache = new StatCache(() => mtime.AddMilliseconds(500).Ticks);
        cache.GetHash(file, FileStatus.Of(file));
        File.WriteAllText(file, "class B {}"); // same length, same mtime: stat data cannot tell
        File.SetLastWriteTimeUtc(file, mtime);
        var again = cache.GetHash(file, FileStatus.Of(file));
        Assert.Equal(ContentHash.Of("class B {}"u8), again);
        Assert.Equal(2, cache.FilesHashed);
    }

    [Fact]
    public void EntryOlderThanTheRacyWindowIsTrusted()
    {
        using var temp = new TempFolder();
        var file = temp.File("a.cs", "class A {}");
        var mtime = DateTime.UtcNow.AddMinutes(-1);
        File.SetLastWriteTimeUtc(file, mtime);
        var cache = new StatCache(TempFolder.Later); // past the racy window of the mtime and of the ctime the aging set
        cache.GetHash(file, FileStatus.Of(file));
        Assert.True(cache.TryGetTrusted(file, FileStatus.Of(file), out _));
    }

    [Fact]
    public void ModifiedFileGetsANewHash()
    {
        using var temp = new TempFolder();
        var file = temp.File("a.cs", "class A {}");
        TempFolder.Age(file, 120);
        var cache = new StatCache(TempFolder.Later);
        var before = cache.GetHash(file, FileStatus.Of(file));
        File.WriteAllText(file, "class A { int x; }");
        TempFolder.Age(file, 60);
        Assert.NotEqual(before, cache.GetHash(file, FileStatus.Of(file)));
    }

    [Fact]
    public void DeletedFileIsMissingAndRenamedFileIsANewPath()
    {
        using var temp = new TempFolder();
        var file = temp.File("a.cs", "class A {}");
        TempFolder.Age(file);
        var cache = new StatCache(TempFolder.Later);
        var hash = cache.GetHash(file, FileStatus.Of(file));
        var renamed = Path.Combine(temp.Path, "b.cs");
        File.Move(file, renamed);
        Assert.False(FileStatus.Of(file).Exists);
        Assert.False(cache.TryGetTrusted(file, FileStatus.Of(file), out _));
        Assert.False(cache.TryGetTrusted(renamed, FileStatus.Of(renamed), out _));
        Assert.Equal(hash, cache.GetHash(renamed, FileStatus.Of(renamed)));
    }

    [Fact]
    public void SavesAndLoadsAndMergesWithOtherSavers()
    {
        using var temp = new TempFolder();
        var a = temp.File("a.cs", "A");
        var b = temp.File("b.cs", "B");
        TempFolder.Age(a);
        TempFolder.Age(b);
        var store = Path.Combine(temp.Path, "stat", "cache.bin");
        var first = new StatCache(TempFolder.Later);
        first.GetHash(a, FileStatus.Of(a));
        first.Save(store);
        var second = new StatCache(TempFolder.Later);
        second.GetHash(b, FileStatus.Of(b));
        second.Save(store); // merges what `first` saved

        var loaded = StatCache.Load(store, out var problem);
        Assert.Null(problem);
        Assert.Equal(2, loaded.Count);
        Assert.True(loaded.TryGetTrusted(a, FileStatus.Of(a), out var hashA));
        Assert.Equal(ContentHash.Of("A"u8), hashA);
        Assert.False(loaded.IsDirty);
    }

    [Theory]
    [InlineData("random")]
    [InlineData("truncated")]
    [InlineData("flipped")]
    [InlineData("empty")]
    public void CorruptFileLoadsAsEmptyWithAReason(string damage)
    {
        using var temp = new TempFolder();
        var a = temp.File("a.cs", "A");
        TempFolder.Age(a);
        var store = Path.Combine(temp.Path, "cache.bin");
        var cache = new StatCache(TempFolder.Later);
        cache.GetHash(a, FileStatus.Of(a));
        cache.Save(store);
        var bytes = File.ReadAllBytes(store);
        bytes = damage switch
        {
            "random" => System.Security.Cryptography.RandomNumberGenerator.GetBytes(bytes.Length),
            "truncated" => bytes[..(bytes.Length / 2)],
            "flipped" => Flip(bytes, bytes.Length / 2),
            _ => [],
        };
        File.WriteAllBytes(store, bytes);

        var loaded = StatCache.Load(store, out var problem);
        Assert.NotNull(problem);
        Assert.Equal(0, loaded.Count);
    }

    [Fact]
    public void MissingFileLoadsAsEmptyWithoutComplaint()
    {
        using var temp = new TempFolder();
        var loaded = StatCache.Load(Path.Combine(temp.Path, "nope", "cache.bin"), out var problem);
        Assert.Null(problem);
        Assert.Equal(0, loaded.Count);
    }

    private static byte[] Flip(byte[] bytes, int index)
    {
        bytes[index] ^= 0x40;
        return bytes;
    }
}
