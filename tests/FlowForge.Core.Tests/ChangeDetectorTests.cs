using FlowForge.Core.Changes;
using FlowForge.Core.Diagnostics;
using FlowForge.Core.Hashing;

namespace FlowForge.Core.Tests;

public class ChangeDetectorTests
{
    private static List<InputFile> Inputs(params string[] paths) => paths.Select(p => new InputFile(p, InputKind.Compile)).ToList();

    [Fact]
    public void FirstBuildRecordsEveryInput()
    {
        using var temp = new TempFolder();
        var files = Inputs(temp.File("a.cs", "A"), temp.File("b.cs", "B"));
        var report = ChangeDetector.Detect(files, previous: null, new StatCache(TempFolder.Later));
        Assert.False(report.HadPreviousBuild);
        Assert.True(report.ContentChanged);
        Assert.Equal(2, report.InputCount);
        Assert.Empty(report.Changes);
        Assert.Equal("first build, 2 inputs recorded", report.Summarize(Path.GetFileName));
    }

    [Fact]
    public void TouchedFilesAreContentUnchanged()
    {
        using var temp = new TempFolder();
        var files = Inputs(temp.File("a.cs", "A"), temp.File("b.cs", "B"));
        var first = ChangeDetector.Detect(files, null, new StatCache(TempFolder.Later));
        foreach (var f in files) File.SetLastWriteTimeUtc(f.Path, DateTime.UtcNow.AddSeconds(5));

        var report = ChangeDetector.Detect(files, first.Current, new StatCache(TempFolder.Later));
        Assert.False(report.ContentChanged);
        Assert.Empty(report.Changes);
        Assert.Equal(2, report.TimestampOnlyChanges);
        Assert.Equal("content unchanged (timestamps of 2 inputs changed)", report.Summarize(Path.GetFileName));
    }

    [Fact]
    public void EditedAddedAndRemovedFilesAreReported()
    {
        using var temp = new TempFolder();
        var a = temp.File("a.cs", "A");
        var b = temp.File("b.cs", "B");
        var first = ChangeDetector.Detect(Inputs(a, b), null, new StatCache(TempFolder.Later));
        File.WriteAllText(a, "A changed");
        var c = temp.File("c.cs", "C");

        var report = ChangeDetector.Detect(Inputs(a, c), first.Current, new StatCache(TempFolder.Later));
        Assert.Equal(
            new[] { (a, ChangeKind.Modified), (c, ChangeKind.Added), (b, ChangeKind.Removed) },
            report.Changes.Select(x => (x.Path, x.Change)).ToArray());
        Assert.Equal("2 of 2 inputs changed, 1 removed (a.cs, +c.cs, -b.cs)", report.Summarize(Path.GetFileName));
    }

    [Fact]
    public void UnchangedInputSetCostsNoReads()
    {
        using var temp = new TempFolder();
        var files = Inputs(Enumerable.Range(0, 50).Select(i => temp.File($"f{i}.cs", $"class C{i} {{}}")).ToArray());
        foreach (var f in files) TempFolder.Age(f.Path);
        var cache = new StatCache(TempFolder.Later);
        var first = ChangeDetector.Detect(files, null, cache);
        Assert.Equal(50, cache.FilesHashed);
        var second = ChangeDetector.Detect(files, first.Current, cache);
        Assert.Equal(50, cache.FilesHashed); // stat calls only
        Assert.False(second.ContentChanged);
    }

    [Fact]
    public void SharedStatCacheIsNotLoadedWhenTheManifestVouchesForEveryInput()
    {
        using var temp = new TempFolder();
        var files = Inputs(temp.File("a.cs", "A"), temp.File("b.cs", "B"));
        foreach (var f in files) TempFolder.Age(f.Path);
        var first = ChangeDetector.Detect(files, null, new StatCache(TempFolder.Later));

        int asked = 0;
        var cache = new StatCache(TempFolder.Later);
        StatCache Load() { asked++; return cache; }
        var unchanged = ChangeDetector.Detect(files, first.Current, Load);
        Assert.Equal(0, asked); // a no-op build never loads the shared stat cache
        Assert.False(unchanged.ContentChanged);

        File.WriteAllText(files[1].Path, "B changed");
        var edited = ChangeDetector.Detect(files, first.Current, Load);
        Assert.Equal(1, asked);
        Assert.Equal(1, cache.FilesHashed); // only the edited file is read
        Assert.Equal([files[1].Path], edited.Changes.Select(c => c.Path));
    }

    [Fact]
    public void PreviousManifestSeedsAColdStatCache()
    {
        using var temp = new TempFolder();
        var files = Inputs(temp.File("a.cs", "A"));
        TempFolder.Age(files[0].Path);
        var first = ChangeDetector.Detect(files, null, new StatCache(TempFolder.Later));
        var cold = new StatCache(TempFolder.Later);
        ChangeDetector.Detect(files, first.Current, cold);
        Assert.Equal(0, cold.FilesHashed);
    }

    [Fact]
    public void UnreadableInputIsAWarningAndCountsAsChanged()
    {
        using var temp = new TempFolder();
        var readable = temp.File("a.cs", "A");
        var unreadable = UnreadableFile.Create(temp);
        var first = ChangeDetector.Detect(Inputs(readable), null, new StatCache(TempFolder.Later));
        var report = ChangeDetector.Detect(Inputs(readable, unreadable.Path), first.Current, new StatCache(TempFolder.Later));
        unreadable.Dispose();

        var warning = Assert.Single(report.Diagnostics);
        Assert.Equal(DiagnosticCodes.InputUnreadable, warning.Code);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains(report.Changes, c => c.Path == unreadable.Path);
    }

    [Fact]
    public void ManifestRoundTripsAndDetectsCorruption()
    {
        using var temp = new TempFolder();
        var report = ChangeDetector.Detect(Inputs(temp.File("a.cs", "A")), null, new StatCache(TempFolder.Later));
        var file = Path.Combine(temp.Path, "obj", "inputs.manifest");
        report.Current.Save(file);
        var loaded = InputManifest.TryLoad(file, out var problem);
        Assert.Null(problem);
        Assert.True(loaded!.SameAs(report.Current));

        File.WriteAllBytes(file, File.ReadAllBytes(file)[..10]);
        Assert.Null(InputManifest.TryLoad(file, out problem));
        Assert.NotNull(problem);
        Assert.Null(InputManifest.TryLoad(Path.Combine(temp.Path, "none"), out problem));
        Assert.Null(problem);
    }

    [Fact]
    public void ManyInputsAreHashedInParallelCorrectly()
    {
        using var temp = new TempFolder();
        var files = Inputs(Enumerable.Range(0, 1500).Select(i => temp.File($"d{i % 7}/f{i}.cs", $"// {i}")).ToArray());
        var report = ChangeDetector.Detect(files, null, new StatCache(TempFolder.Later));
        for (int i = 0; i < files.Count; i++)
            Assert.Equal(ContentHash.Of(File.ReadAllBytes(files[i].Path)), report.Current.Entries[i].Hash);
    }
}

/// <summary>A file that exists but cannot be read, even by root: /proc/self/mem fails reads at offset 0 on Linux;
/// elsewhere a file held open without sharing.</summary>
internal sealed class UnreadableFile : IDisposable
{
    private readonly FileStream? _lock;
    public string Path { get; }

    private UnreadableFile(string path, FileStream? held)
    {
        Path = path;
        _lock = held;
    }

    public static UnreadableFile Create(TempFolder temp)
    {
        if (OperatingSystem.IsLinux()) return new UnreadableFile("/proc/self/mem", null);
        var path = temp.File("locked.cs", "x");
        return new UnreadableFile(path, new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None));
    }

    public void Dispose() => _lock?.Dispose();
}
