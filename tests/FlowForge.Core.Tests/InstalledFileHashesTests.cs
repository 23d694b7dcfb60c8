using FlowForge.Core.Hashing;

namespace FlowForge.Core.Tests;

/// <summary>The store-time recheck reads an installed file (SDK, packs, NuGet folder) once per build and node, and only
/// while its full identity has not moved; every other file every time.</summary>
public sealed class InstalledFileHashesTests
{
    private readonly List<string> _reads = [];

    private string Read(string path)
    {
        lock (_reads) _reads.Add(path);
        return ContentHash.OfFile(path).ToString();
    }

    [Fact]
    public void An_installed_file_is_read_once_while_its_identity_holds_and_again_after_a_same_size_edit_with_the_mtime_put_back()
    {
        using var temp = new TempFolder();
        var installed = temp.File("packs/ref/System.Runtime.dll", "reference v1");
        var roots = new[] { Path.Combine(temp.Path, "packs") };
        var hashes = new InstalledFileHashes(TempFolder.Later);

        var first = hashes.HashByContent(installed, roots, Read);
        Assert.Equal(first, hashes.HashByContent(installed, roots, Read));
        Assert.Single(_reads);
        Assert.Equal(1, hashes.Reused);

        var mtime = File.GetLastWriteTimeUtc(installed);
        File.WriteAllText(installed, "reference v2");
        File.SetLastWriteTimeUtc(installed, mtime);
        var second = hashes.HashByContent(installed, roots, Read);
        Assert.NotEqual(first, second);
        Assert.Equal(ContentHash.OfFile(installed).ToString(), second);
        Assert.Equal(2, _reads.Count);
    }

    [Fact]
    public void An_installed_file_the_builds_stat_cache_read_is_not_read_again_while_its_identity_holds()
    {
        using var temp = new TempFolder();
        var installed = temp.File("packs/ref/System.Runtime.dll", "reference v1");
        var roots = new[] { Path.Combine(temp.Path, "packs") };
        var statCache = new StatCache(TempFolder.Later);
        var readByStatCache = statCache.HashByContent(installed, FileStatus.Of(installed)).ToString();
        var hashes = new InstalledFileHashes(TempFolder.Later);

        Assert.Equal(readByStatCache, hashes.HashByContent(installed, roots, Read, statCache));
        Assert.Empty(_reads);
        Assert.Equal(1, hashes.Reused);

        var mtime = File.GetLastWriteTimeUtc(installed);
        File.WriteAllText(installed, "reference v2");
        File.SetLastWriteTimeUtc(installed, mtime);
        Assert.Equal(ContentHash.OfFile(installed).ToString(), hashes.HashByContent(installed, roots, Read, statCache));
        Assert.Single(_reads);
    }

    [Fact]
    public void A_stat_cache_entry_from_an_earlier_build_or_a_manifest_is_no_read_of_this_build()
    {
        using var temp = new TempFolder();
        var installed = temp.File("packs/ref/System.Runtime.dll", "reference");
        var seeded = temp.File("packs/ref/System.Collections.dll", "collections");
        var roots = new[] { Path.Combine(temp.Path, "packs") };
        var earlier = new StatCache(TempFolder.Later);
        earlier.HashByContent(installed, FileStatus.Of(installed));
        var file = Path.Combine(temp.Path, "stat.bin");
        earlier.Save(file);
        var loaded = StatCache.Load(file, out _, TempFolder.Later);
        Assert.True(loaded.TryGetTrusted(installed, FileStatus.Of(installed), out _));
        var status = FileStatus.Of(seeded);
        loaded.Seed(new FileEntry(seeded, 0, status.Length, status.LastWriteTicksUtc, TempFolder.Later(), ContentHash.OfFile(seeded), status.Identity));

        var hashes = new InstalledFileHashes(TempFolder.Later);
        hashes.HashByContent(installed, roots, Read, loaded);
        hashes.HashByContent(seeded, roots, Read, loaded);
        Assert.Equal([installed, seeded], _reads);
        Assert.Equal(0, hashes.Reused);
    }

    [Fact]
    public void A_file_outside_the_installed_roots_is_read_every_time()
    {
        using var temp = new TempFolder();
        var source = temp.File("src/Program.cs", "class P {}");
        var roots = new[] { Path.Combine(temp.Path, "packs"), "" };
        var hashes = new InstalledFileHashes(TempFolder.Later);
        hashes.HashByContent(source, roots, Read);
        hashes.HashByContent(source, roots, Read);
        Assert.Equal(2, _reads.Count);
        Assert.Equal(0, hashes.Reused);
    }

    [Theory]
    [InlineData("packs/ref/A.dll", "packs", true)]
    [InlineData("packs/ref/A.dll", "packs/", true)]
    [InlineData("packs/A.dll", "packs", true)]
    [InlineData("packs2/ref/A.dll", "packs", false)]
    [InlineData("packs", "packs", false)]
    [InlineData("src/A.cs", "packs", false)]
    public void A_path_is_under_a_root_only_past_the_root_and_a_separator(string relative, string root, bool under)
    {
        var baseFolder = Path.Combine(Path.GetTempPath(), "installed-roots");
        string Full(string p) => Path.Combine(baseFolder, p.Replace('/', Path.DirectorySeparatorChar));
        var rootPath = Full(root);
        if (root.EndsWith('/')) Assert.EndsWith(Path.DirectorySeparatorChar.ToString(), rootPath);
        Assert.Equal(under, InstalledFileHashes.IsUnder(Full(relative), ["", rootPath]));
    }

    [Fact]
    public void A_file_changed_within_the_racy_window_is_not_kept()
    {
        using var temp = new TempFolder();
        var installed = temp.File("nuget/pkg/lib/A.dll", "fresh");
        var roots = new[] { Path.Combine(temp.Path, "nuget") };
        var hashes = new InstalledFileHashes(() => DateTime.UtcNow.Ticks); // its ctime is now: racy
        hashes.HashByContent(installed, roots, Read);
        hashes.HashByContent(installed, roots, Read);
        Assert.Equal(2, _reads.Count);
    }
}
