using FlowForge.Core.Hashing;

namespace FlowForge.Core.Tests;

/// <summary>
/// A cached hash holds only while the file's whole identity is unchanged, as git's index decides: an edit that keeps the
/// size and puts the mtime back (touch -r, cp -p, rsync -a, a restored backup) must still be seen.
/// </summary>
public class FileIdentityTests
{
    [Fact]
    public void TheIdentityIsReadOnTheSupportedPlatformsAndAgreesWithFileInfo()
    {
        using var temp = new TempFolder();
        var file = temp.File("a.cs", "class A {}");
        var status = FileStatus.Of(file);
        var info = new FileInfo(file);
        Assert.True(status.Exists);
        Assert.Equal(info.Length, status.Length);
        Assert.Equal(info.LastWriteTimeUtc.Ticks, status.LastWriteTicksUtc);
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsWindows())
        {
            Assert.True(status.Identity.IsKnown);
            Assert.NotEqual(0UL, status.Identity.FileId);
            Assert.Equal(status, FileStatus.Of(file)); // stable while nothing changes
        }
    }

    [Fact]
    public void AFolderAndAMissingFileAreMissing()
    {
        using var temp = new TempFolder();
        Assert.False(FileStatus.Of(temp.Path).Exists);
        Assert.False(FileStatus.Of(Path.Combine(temp.Path, "none.cs")).Exists);
        Assert.False(FileStatus.Of(Path.Combine(temp.Path, "none", "a.cs")).Exists);
        Assert.Equal(FileStatus.Missing, FileStatus.Of(Path.Combine(temp.Path, "none.cs")));
    }

    [Fact]
    public void ASameSizeEditWithTheMtimePutBackChangesTheCtimeAndIsHashedAgain()
    {
        using var temp = new TempFolder();
        var file = temp.File("a.cs", "class A {}");
        var mtime = DateTime.UtcNow.AddMinutes(-10);
        File.SetLastWriteTimeUtc(file, mtime);
        var cache = new StatCache(TempFolder.Later);
        var before = FileStatus.Of(file);
        cache.GetHash(file, before);
        Assert.True(cache.TryGetTrusted(file, FileStatus.Of(file), out _));

        WaitForTheClockToMove(before);
        File.WriteAllText(file, "class B {}"); // same length
        File.SetLastWriteTimeUtc(file, mtime); // mtime put back, as touch -r does
        var after = FileStatus.Of(file);
        Assert.Equal(before.Length, after.Length);
        Assert.Equal(before.LastWriteTicksUtc, after.LastWriteTicksUtc);
        Assert.NotEqual(before.Identity.ChangedNanoseconds, after.Identity.ChangedNanoseconds);
        Assert.False(cache.TryGetTrusted(file, after, out _));
        Assert.Equal(ContentHash.Of("class B {}"u8), cache.GetHash(file, after));
    }

    [Fact]
    public void AFileReplacedByRenameWithTheSameSizeAndMtimeHasAnotherInodeAndIsHashedAgain()
    {
        using var temp = new TempFolder();
        var file = temp.File("a.cs", "class A {}");
        var mtime = DateTime.UtcNow.AddMinutes(-10);
        File.SetLastWriteTimeUtc(file, mtime);
        var cache = new StatCache(TempFolder.Later);
        var before = FileStatus.Of(file);
        cache.GetHash(file, before);

        // What an editor's atomic save or `cp -p` over a temp name does: a new file takes the old one's place.
        var replacement = temp.File("a.cs.tmp", "class B {}");
        File.SetLastWriteTimeUtc(replacement, mtime);
        File.Move(replacement, file, overwrite: true);
        var after = FileStatus.Of(file);
        Assert.Equal(before.Length, after.Length);
        Assert.Equal(before.LastWriteTicksUtc, after.LastWriteTicksUtc);
        Assert.NotEqual(before.Identity.FileId, after.Identity.FileId);
        Assert.False(cache.TryGetTrusted(file, after, out _));
        Assert.Equal(ContentHash.Of("class B {}"u8), cache.GetHash(file, after));
    }

    [Fact]
    public void AnEntryWithoutAKnownIdentityIsNeverTrusted()
    {
        var hash = ContentHash.Of("x"u8);
        var identity = new FileIdentity(true, 1, 2, 3, 0, 4);
        var recorded = DateTime.UtcNow.Ticks;
        var entry = new FileEntry("/a.cs", 1, 1, 100, recorded, hash, identity);
        Assert.True(entry.IsTrustedFor(new FileStatus(true, 1, 100, identity)));
        // The same size and mtime without an identity (a platform without stat): hash again, never trust.
        Assert.False(entry.IsTrustedFor(new FileStatus(true, 1, 100)));
        Assert.False((entry with { Identity = default }).IsTrustedFor(new FileStatus(true, 1, 100)));
        // Each part of the identity counts.
        Assert.False(entry.IsTrustedFor(new FileStatus(true, 1, 100, identity with { ChangedNanoseconds = 5 })));
        Assert.False(entry.IsTrustedFor(new FileStatus(true, 1, 100, identity with { FileId = 5 })));
        Assert.False(entry.IsTrustedFor(new FileStatus(true, 1, 100, identity with { Device = 5 })));
        Assert.False(entry.IsTrustedFor(new FileStatus(true, 1, 100, identity with { ModifiedNanoseconds = 5 })));
    }

    [Fact]
    public void AHashTakenWithinTheRacyWindowOfTheCtimeIsNotTrusted()
    {
        // The mtime is old, but the file changed (ctime) just before the hash: a second same-size write with the mtime
        // put back in the same clock tick would keep every field; only the racy guard on the ctime catches it.
        var hash = ContentHash.Of("x"u8);
        long changed = DateTime.UtcNow.Ticks;
        var identity = new FileIdentity(true, 0, (changed - DateTime.UnixEpoch.Ticks) * 100, 3, 0, 4);
        var status = new FileStatus(true, 1, changed - TimeSpan.TicksPerHour, identity);
        Assert.False(new FileEntry("/a.cs", 1, 1, status.LastWriteTicksUtc, changed + 1, hash, identity).IsTrustedFor(status));
        Assert.True(new FileEntry("/a.cs", 1, 1, status.LastWriteTicksUtc, changed + StatCache.RacyWindow.Ticks, hash, identity).IsTrustedFor(status));
    }

    [Fact]
    public void AStatCacheOfTheEarlierFormatIsDiscardedWithoutAComplaint()
    {
        using var temp = new TempFolder();
        var store = Path.Combine(temp.Path, "cache.bin");
        // Version 1: magic, version, count 0, then the SHA-256 of it all (no file identity in its entries).
        using (var body = new MemoryStream())
        {
            using (var writer = new BinaryWriter(body, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                writer.Write("FFSTAT"u8);
                writer.Write(1);
                writer.Write(0);
            }
            var bytes = body.ToArray();
            File.WriteAllBytes(store, [.. bytes, .. System.Security.Cryptography.SHA256.HashData(bytes)]);
        }
        var loaded = StatCache.Load(store, out var problem);
        Assert.Null(problem);
        Assert.Equal(0, loaded.Count);
    }

    /// <summary>File times come from a coarse clock (a few milliseconds on Linux): wait until a new write gets a new ctime.</summary>
    private static void WaitForTheClockToMove(FileStatus before)
    {
        var until = DateTime.UtcNow.AddMilliseconds(50);
        while (DateTime.UtcNow < until) Thread.Sleep(5);
        Assert.True(DateTime.UtcNow.Ticks > before.Identity.ChangedTicksUtc);
    }
}
