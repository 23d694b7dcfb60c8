using FlowForge.Core.Changes;
using FlowForge.Core.Fingerprints;
using FlowForge.Core.Hashing;

namespace FlowForge.Core.Tests;

/// <summary>The quick check passes only while every file keeps the full identity the last check saw.</summary>
public class QuickCheckRecordTests
{
    private static (QuickCheckRecord Record, string File) Checked(TempFolder temp, params string[] files)
    {
        foreach (var file in files) TempFolder.Age(file, 600);
        // As if the check began well after every change made so far (outside the racy window).
        var record = QuickCheckRecord.Create(files.Select(f => new KeyValuePair<string, FileStatus>(f, FileStatus.Of(f))), TempFolder.Later());
        var path = Path.Combine(temp.Path, "quick-check.bin");
        record.Save(path);
        return (QuickCheckRecord.TryLoad(path)!, path);
    }

    [Fact]
    public void NothingChangedPasses()
    {
        using var temp = new TempFolder();
        var (record, _) = Checked(temp, temp.File("a.cs", "class A {}"), temp.File("b.cs", "class B {}"));
        Assert.Equal(2, record.Entries.Count);
        Assert.Null(record.FirstChanged(FileStatus.Of));
    }

    [Fact]
    public void ASameSizeEditWithTheMtimePutBackFails()
    {
        using var temp = new TempFolder();
        var a = temp.File("a.cs", "class A {}");
        var (record, _) = Checked(temp, a);
        var mtime = File.GetLastWriteTimeUtc(a);
        Thread.Sleep(50); // file times come from a coarse clock
        File.WriteAllText(a, "class B {}");
        File.SetLastWriteTimeUtc(a, mtime);
        Assert.Equal(a, record.FirstChanged(FileStatus.Of));
    }

    [Fact]
    public void AFileReplacedByRenameWithTheSameSizeAndMtimeFails()
    {
        using var temp = new TempFolder();
        var a = temp.File("a.cs", "class A {}");
        var (record, _) = Checked(temp, a);
        var replacement = temp.File("a.tmp", "class B {}");
        File.SetLastWriteTimeUtc(replacement, File.GetLastWriteTimeUtc(a));
        File.Move(replacement, a, overwrite: true);
        Assert.Equal(a, record.FirstChanged(FileStatus.Of));
        Assert.False(record.Vouches(a, FileStatus.Of(a)));
    }

    [Fact]
    public void AFileRewrittenOrReplacedUnderItsOldMtimeIsToldApartFromOneThatIsUntouchedOrNewlyDated()
    {
        using var temp = new TempFolder();
        var rewritten = temp.File("rewritten.dll", "version 1");
        var replaced = temp.File("replaced.dll", "version 1");
        var untouched = temp.File("untouched.dll", "version 1");
        var redated = temp.File("redated.dll", "version 1");
        var (record, _) = Checked(temp, rewritten, replaced, untouched, redated);

        var mtime = File.GetLastWriteTimeUtc(rewritten);
        Thread.Sleep(50); // file times come from a coarse clock
        File.WriteAllText(rewritten, "version 2, longer");
        File.SetLastWriteTimeUtc(rewritten, mtime);
        var replacement = temp.File("replacement.tmp", "version 2");
        File.SetLastWriteTimeUtc(replacement, File.GetLastWriteTimeUtc(replaced));
        File.Move(replacement, replaced, overwrite: true);
        File.WriteAllText(redated, "version 2"); // an ordinary write: a new mtime, which no one has seen

        Assert.True(record.RewrittenKeepingItsTime(rewritten, FileStatus.Of(rewritten)));
        Assert.True(record.RewrittenKeepingItsTime(replaced, FileStatus.Of(replaced)));
        Assert.False(record.RewrittenKeepingItsTime(untouched, FileStatus.Of(untouched)));
        Assert.False(record.RewrittenKeepingItsTime(redated, FileStatus.Of(redated)));
        Assert.False(record.RewrittenKeepingItsTime(Path.Combine(temp.Path, "unrecorded.dll"), FileStatus.Of(rewritten)));
    }

    [Fact]
    public void AFileThatAppearsOrDisappearsFails()
    {
        using var temp = new TempFolder();
        var a = temp.File("a.cs", "class A {}");
        var missing = Path.Combine(temp.Path, "later.cs");
        var record = QuickCheckRecord.Create(
            [new(a, FileStatus.Of(a)), new(missing, FileStatus.Of(missing))], TempFolder.Later());
        Assert.Null(record.FirstChanged(FileStatus.Of));
        File.WriteAllText(missing, "class L {}");
        Assert.Equal(missing, record.FirstChanged(FileStatus.Of));
        File.Delete(missing);
        File.Delete(a);
        Assert.Equal(a, record.FirstChanged(FileStatus.Of));
    }

    [Fact]
    public void AFileChangedWithinTheRacyWindowOfTheCheckFails()
    {
        using var temp = new TempFolder();
        var a = temp.File("a.cs", "class A {}");
        var record = QuickCheckRecord.Create([new(a, FileStatus.Of(a))], DateTime.UtcNow.Ticks);
        Assert.Equal(a, record.FirstChanged(FileStatus.Of));
    }

    [Fact]
    public void WithoutAKnownIdentityNothingPasses()
    {
        using var temp = new TempFolder();
        var a = temp.File("a.cs", "class A {}");
        TempFolder.Age(a, 600);
        var sizeAndMtimeOnly = new FileStatus(true, new FileInfo(a).Length, File.GetLastWriteTimeUtc(a).Ticks);
        var record = QuickCheckRecord.Create([new(a, sizeAndMtimeOnly)], TempFolder.Later());
        Assert.Equal(a, record.FirstChanged(_ => sizeAndMtimeOnly));
    }

    [Fact]
    public void ADamagedRecordIsNoRecord()
    {
        using var temp = new TempFolder();
        var (_, path) = Checked(temp, temp.File("a.cs", "class A {}"));
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        Assert.Null(QuickCheckRecord.TryLoad(path));
        Assert.Null(QuickCheckRecord.TryLoad(Path.Combine(temp.Path, "none.bin")));
    }
}

/// <summary>Before a store, every input is read again by content and must give what went into the fingerprint.</summary>
public class InputRecheckTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(40)] // the parallel path
    public void NamesExactlyTheInputsWhoseContentNoLongerGivesTheirFingerprintHash(int count)
    {
        using var temp = new TempFolder();
        var files = Enumerable.Range(0, count).Select(i => temp.File($"f{i}.cs", $"class C{i} {{}}")).ToList();
        var hashes = files.ToDictionary(f => f, f => ContentHash.OfFile(f).ToString());
        string HashByContent(string path) => File.Exists(path) ? ContentHash.OfFile(path).ToString() : CompileFingerprintBuilder.Missing;
        Assert.Empty(InputRecheck.Changed(hashes, HashByContent));

        // A stale hash (what a fooled stat cache gave the fingerprint) and a file changed during the build.
        hashes[files[1]] = ContentHash.Of("what the stat cache believed"u8).ToString();
        File.WriteAllText(files[^1], "class Changed {}");
        Assert.Equal(new[] { files[1], files[^1] }, InputRecheck.Changed(hashes, HashByContent));
    }
}
