namespace FlowForge.Config.Tests;

public sealed class ValueAndDiscoveryTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1024", 1024L)]
    [InlineData("10GB", 10_000_000_000L)]
    [InlineData("10gb", 10_000_000_000L)]
    [InlineData("512MB", 512_000_000L)]
    [InlineData("512 MiB", 512L << 20)]
    [InlineData("1.5GiB", 3L << 29)]
    [InlineData("1KiB", 1024L)]
    [InlineData("2TB", 2_000_000_000_000L)]
    [InlineData("100B", 100L)]
    [InlineData(" 1MiB ", 1L << 20)]
    [InlineData("0.5KB", 500L)]
    public void SizesParse(string text, long expected)
    {
        Assert.True(ConfigValues.TryParseSize(text, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("GB")]
    [InlineData("-1GB")]
    [InlineData("10 gigs")]
    [InlineData("1.2.3MB")]
    [InlineData(".5GB")]
    [InlineData("5.GB")]
    [InlineData("10G")]
    [InlineData("99999999999TB")]
    [InlineData("9223372036854775808")]
    public void BadSizesDoNot(string text) => Assert.False(ConfigValues.TryParseSize(text, out _));

    [Theory]
    [InlineData("5s", 5000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5s", 1500)]
    [InlineData("2m", 120_000)]
    [InlineData("2min", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData(" 10 S ", 10_000)]
    public void DurationsParse(string text, long ms)
    {
        Assert.True(ConfigValues.TryParseDuration(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(ms), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("0s")]
    [InlineData("-5s")]
    [InlineData("5 parsecs")]
    [InlineData("s")]
    public void BadDurationsDoNot(string text) => Assert.False(ConfigValues.TryParseDuration(text, out _));

    [Fact]
    public void BareMillisecondsOnlyWhenAllowed()
    {
        Assert.True(ConfigValues.TryParseDuration("2000", out var t, allowBareMilliseconds: true));
        Assert.Equal(TimeSpan.FromSeconds(2), t);
    }

    [Theory]
    [InlineData(10_000_000_000L, "10GB")]
    [InlineData(1L << 20, "1MiB")]
    [InlineData(1000L, "1KB")]
    [InlineData(1500L, "1500B")]
    public void SizesFormat(long bytes, string text) => Assert.Equal(text, ConfigValues.FormatSize(bytes));

    [Fact]
    public void DiscoveryWalksUpToTheRepositoryRootAndStopsThere()
    {
        using var outer = new TempRepo(git: false);
        outer.Write("flowforge.toml", "# outside the repository: never used\n");
        var repoRoot = outer.Dir("repo");
        Directory.CreateDirectory(Path.Combine(repoRoot, ".git"));
        var project = outer.Dir("repo/src/App");

        Assert.Null(ConfigFile.Find(project)); // stops at the repo root, does not climb to the outer file

        var atRoot = outer.Write("repo/flowforge.toml", "[git]\nbaseRef = \"main\"\n");
        Assert.Equal(atRoot, ConfigFile.Find(project));

        var nearer = outer.Write("repo/src/flowforge.toml", "");
        Assert.Equal(nearer, ConfigFile.Find(project));
    }

    [Fact]
    public void DiscoveryTreatsAGitFileAsARepositoryRoot()
    {
        using var outer = new TempRepo(git: false);
        outer.Write("flowforge.toml", "");
        outer.Write("worktree/.git", "gitdir: ../elsewhere\n");
        Assert.Null(ConfigFile.Find(outer.Dir("worktree/App")));
    }

    [Fact]
    public void OutsideARepositoryDiscoveryGoesUpFurther()
    {
        using var outer = new TempRepo(git: false);
        var file = outer.Write("flowforge.toml", "");
        Assert.Equal(file, ConfigFile.Find(outer.Dir("a/b/c")));
    }

    [Fact]
    public void LoadFindsReadsAndResolves()
    {
        using var repo = new TempRepo();
        repo.Write("flowforge.toml", "[git]\nbaseRef = \"origin/dev\"\n");
        var config = FlowForgeConfig.Load(repo.Dir("src/App"), _ => null);
        Assert.Equal(Path.Combine(repo.Root, "flowforge.toml"), config.File!.FilePath);
        var entry = config["git.baseRef"];
        Assert.Equal(("origin/dev", ConfigValueSource.File, 2, 11), (entry.Value, entry.Source, entry.Line, entry.Column));
        Assert.Equal("flowforge.toml(2,11)", entry.SourceText);
        Assert.Equal("origin/dev", config.Settings.GitBaseRef);
    }

    [Fact]
    public void PrecedenceIsMSBuildThenEnvironmentThenFileThenDefault()
    {
        var file = ConfigFile.Parse("""
            [cache]
            root = "from-file"
            sizeLimit = "1GB"
            [cache.remote]
            url = "https://file.example.com"
            [git]
            baseRef = "file-ref"
            """, Path.Combine(Path.GetTempPath(), "ff-prec", "flowforge.toml"));
        var environment = new Dictionary<string, string?>
        {
            ["FLOWFORGE_CACHE"] = Path.Combine(Path.GetTempPath(), "env-cache"),
            ["FLOWFORGE_REMOTE_CACHE_URL"] = "https://env.example.com",
        };
        var properties = new Dictionary<string, string?>
        {
            ["FlowForgeRemoteCacheUrl"] = "https://msbuild.example.com",
            ["flowforgegitbaseref"] = "", // empty means not set
            ["FlowForgeCacheSizeLimit"] = "2GB",
        };
        var config = FlowForgeConfig.Resolve(file, environment.GetValueOrDefault, properties);
        Assert.Empty(config.Diagnostics);
        Assert.Equal((Path.Combine(Path.GetTempPath(), "env-cache"), ConfigValueSource.Environment), (config["cache.root"].Value, config["cache.root"].Source));
        Assert.Equal("environment FLOWFORGE_CACHE", config["cache.root"].SourceText);
        Assert.Equal(("https://msbuild.example.com", ConfigValueSource.MSBuild), (config["cache.remote.url"].Value, config["cache.remote.url"].Source));
        Assert.Equal(("2GB", ConfigValueSource.MSBuild), (config["cache.sizeLimit"].Value, config["cache.sizeLimit"].Source));
        Assert.Equal(("file-ref", ConfigValueSource.File), (config["git.baseRef"].Value, config["git.baseRef"].Source));
        Assert.Equal(("true", ConfigValueSource.Default), (config["cache.enabled"].Value, config["cache.enabled"].Source));
        Assert.Equal(("1048576", ConfigValueSource.Default), (config["chunking.largeFileThreshold"].Value, config["chunking.largeFileThreshold"].Source));
        Assert.Equal(2_000_000_000L, config.Settings.CacheSizeLimit);

        // Without the environment the file wins over the default.
        var noEnv = FlowForgeConfig.Resolve(file, _ => null);
        Assert.Equal(ConfigValueSource.File, noEnv["cache.root"].Source);
        Assert.EndsWith("from-file", noEnv["cache.root"].Value);
    }

    [Fact]
    public void UnreadableOverridesAreWarnedAboutAndPassedOn()
    {
        var config = FlowForgeConfig.Resolve(null, _ => null, new Dictionary<string, string?> { ["FlowForgeCacheSizeLimit"] = "lots" });
        var d = Assert.Single(config.Diagnostics);
        Assert.Equal(ConfigDiagnosticCodes.InvalidOverride, d.Code);
        Assert.Equal("lots", config["cache.sizeLimit"].Value);
        Assert.Equal(10_000_000_000L, config.Settings.CacheSizeLimit); // the typed view falls back to the default
    }

    [Fact]
    public void DefaultsMatchTheCatalogue()
    {
        var config = FlowForgeConfig.Resolve(null, _ => null);
        Assert.All(config.Entries, e => Assert.Equal(ConfigValueSource.Default, e.Source));
        var s = config.Settings;
        Assert.True(s.CacheEnabled);
        Assert.Null(s.CacheRoot);
        Assert.Equal(10_000_000_000L, s.CacheSizeLimit);
        Assert.Equal(1L << 20, s.LargeFileThreshold);
        Assert.Equal("origin/main", s.GitBaseRef);
        Assert.Equal(TimeSpan.FromSeconds(2), s.RemoteCacheConnectTimeout);
        Assert.Equal("console", s.ReportFormat);
        Assert.True(s.CompileGate);
    }

    [Fact]
    public void CatalogueIsConsistent()
    {
        Assert.Equal(ConfigCatalog.Keys.Count, ConfigCatalog.Keys.Select(k => k.MSBuildProperty).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var key in ConfigCatalog.Keys)
        {
            Assert.StartsWith("FlowForge", key.MSBuildProperty);
            Assert.Matches("^[a-z]+(\\.[a-z][A-Za-z]*)+$", key.Key);
            if (key.Default.Length > 0) Assert.True(FlowForgeConfig.IsReadable(key, key.Default), key.Key);
        }
    }

    /// <summary>The targets file maps every catalogue property, so adding a key cannot silently skip MSBuild.</summary>
    [Fact]
    public void TargetsFileSetsEveryCatalogueProperty()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "FlowForge.Build.sln"))) root = Path.GetDirectoryName(root)!;
        var targets = File.ReadAllText(Path.Combine(root, "src", "FlowForge.Build.Tasks", "build", "FlowForge.Build.Config.targets"));
        foreach (var key in ConfigCatalog.Keys)
        {
            Assert.Contains($"<_FlowForgeConfigProperty Include=\"{key.MSBuildProperty}\" Value=\"$({key.MSBuildProperty})\" />", targets);
            Assert.Contains($"<{key.MSBuildProperty} Condition=\"'$({key.MSBuildProperty})' == ''\">", targets);
        }
    }

    /// <summary>docs/configuration.md documents every key and code.</summary>
    [Fact]
    public void DocsListEveryKeyAndCode()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "FlowForge.Build.sln"))) root = Path.GetDirectoryName(root)!;
        var docs = File.ReadAllText(Path.Combine(root, "docs", "configuration.md"));
        foreach (var key in ConfigCatalog.Keys)
        {
            Assert.Contains($"`{key.Key}`", docs);
            Assert.Contains($"`{key.MSBuildProperty}`", docs);
        }
        foreach (var code in typeof(ConfigDiagnosticCodes).GetFields().Select(f => (string)f.GetValue(null)!))
            Assert.Contains(code, docs);
    }
}
