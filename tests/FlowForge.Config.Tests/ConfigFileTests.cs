using FlowForge.Core.Diagnostics;

namespace FlowForge.Config.Tests;

public sealed class ConfigFileTests
{
    private static readonly string FilePath = Path.Combine(Path.GetTempPath(), "ff-config-tests", "flowforge.toml");
    private static ConfigFile Parse(string text) => ConfigFile.Parse(text, FilePath);

    [Fact]
    public void EveryKeyIsReadIntoItsMSBuildForm()
    {
        var file = Parse("""
            [cache]
            enabled = false
            root = "../shared-cache"
            sizeLimit = "1.5GiB"
            readOnly = true
            keyFile = "../secrets/cache.key"
            backgroundStore = false
            drainTimeout = "30s"

            [cache.remote]
            url = "https://cache.example.com/ff"
            readOnly = true
            connectTimeout = "500ms"
            readTimeout = "1m"

            [chunking]
            largeFileThreshold = 4096

            [git]
            baseRef = "origin/develop"
            info = false

            [templates]
            variablesFile = "templates/vars.toml"
            properties = ["Version", "Configuration"]

            [report]
            format = "Markdown"
            summary = true

            [compile]
            gate = false
            quickCheck = false
            stableLocalVersion = true

            [project]
            skip = true
            """);
        Assert.Empty(file.Diagnostics);
        var dir = Path.GetDirectoryName(FilePath)!;
        var expected = new Dictionary<string, string>
        {
            ["cache.enabled"] = "false",
            ["cache.root"] = Path.GetFullPath(Path.Combine(dir, "..", "shared-cache")),
            ["cache.sizeLimit"] = (3L << 29).ToString(),
            ["cache.readOnly"] = "true",
            ["cache.keyFile"] = Path.GetFullPath(Path.Combine(dir, "..", "secrets", "cache.key")),
            ["cache.backgroundStore"] = "false",
            ["cache.drainTimeout"] = "30000",
            ["cache.remote.url"] = "https://cache.example.com/ff",
            ["cache.remote.readOnly"] = "true",
            ["cache.remote.connectTimeout"] = "500",
            ["cache.remote.readTimeout"] = "60000",
            ["chunking.largeFileThreshold"] = "4096",
            ["git.baseRef"] = "origin/develop",
            ["git.info"] = "false",
            ["templates.variablesFile"] = Path.Combine(dir, "templates", "vars.toml"),
            ["templates.properties"] = "Version;Configuration",
            ["report.format"] = "markdown",
            ["report.summary"] = "true",
            ["compile.gate"] = "false",
            ["compile.quickCheck"] = "false",
            ["compile.stableLocalVersion"] = "true",
            ["project.skip"] = "true",
        };
        Assert.Equal(ConfigCatalog.Keys.Select(k => k.Key).Order(), expected.Keys.Order());
        foreach (var (key, value) in expected) Assert.Equal(value, file.Values[key].Value);
        Assert.Equal((4, 13), (file.Values["cache.sizeLimit"].Line, file.Values["cache.sizeLimit"].Column));

        var settings = FlowForgeConfig.Resolve(file, _ => null).Settings;
        Assert.False(settings.CacheEnabled);
        Assert.Equal(3L << 29, settings.CacheSizeLimit);
        Assert.Equal(Path.GetFullPath(Path.Combine(dir, "..", "secrets", "cache.key")), settings.CacheKeyFile);
        Assert.Equal(TimeSpan.FromMilliseconds(500), settings.RemoteCacheConnectTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.RemoteCacheReadTimeout);
        Assert.Equal(["Version", "Configuration"], settings.TemplateProperties);
        Assert.Equal("markdown", settings.ReportFormat);
        Assert.True(settings.StableLocalVersion);
    }

    [Fact]
    public void DottedKeysAndInlineTablesWorkLikeSections()
    {
        var file = Parse("cache.remote = { url = \"http://localhost:8080\" }\ngit.baseRef = \"main\"\n");
        Assert.Empty(file.Diagnostics);
        Assert.Equal("http://localhost:8080", file.Values["cache.remote.url"].Value);
        Assert.Equal("main", file.Values["git.baseRef"].Value);
    }

    [Fact]
    public void UnknownKeyIsAWarningAtTheKeyWithASuggestion()
    {
        var file = Parse("[cache]\nenabled = true\n  sizeLimt = \"1GB\"\n");
        var d = Assert.Single(file.Diagnostics);
        Assert.Equal((ConfigDiagnosticCodes.UnknownKey, DiagnosticSeverity.Warning, 3, 3), (d.Code, d.Severity, d.Line, d.Column));
        Assert.Contains("Did you mean 'cache.sizeLimit'?", d.Message);
        Assert.Equal(FilePath, d.File);
        Assert.EndsWith("flowforge.toml(3,3): warning FF5101: " + d.Message, d.ToString());
        Assert.False(file.HasErrors);
        Assert.True(file.Values.ContainsKey("cache.enabled"));
    }

    [Theory]
    [InlineData("[cahce]\nenabled = true\n", 1, 2, "'cache'")]
    [InlineData("[remote]\nurl = \"http://x\"\n", 1, 2, "'cache.remote'")]
    [InlineData("[cache]\nbaseRef = \"main\"\n", 2, 1, "'git.baseRef'")]
    [InlineData("[report]\nformatt = \"json\"\n", 2, 1, "'report.format'")]
    [InlineData("[cache.remote]\nURL = \"http://x\"\n", 2, 1, "'cache.remote.url'")]
    public void UnknownNamesSuggestTheNearestKnownOne(string toml, int line, int column, string suggestion)
    {
        var d = Assert.Single(Parse(toml).Diagnostics);
        Assert.Equal((ConfigDiagnosticCodes.UnknownKey, line, column), (d.Code, d.Line, d.Column));
        Assert.Contains("Did you mean " + suggestion, d.Message);
    }

    [Fact]
    public void UnknownKeyWithoutNearNameListsTheKnownKeys()
    {
        var d = Assert.Single(Parse("[git]\ncompletelyDifferent = 1\n").Diagnostics);
        Assert.Contains("Known keys: baseRef, info", d.Message);
    }

    [Theory]
    [InlineData("[cache]\nenabled = \"yes\"\n", ConfigDiagnosticCodes.WrongType, 2, 11)]
    [InlineData("[cache]\nenabled = \"true\"\n", ConfigDiagnosticCodes.WrongType, 2, 11)]
    [InlineData("[git]\nbaseRef = 5\n", ConfigDiagnosticCodes.WrongType, 2, 11)]
    [InlineData("[git]\nbaseRef = \"  \"\n", ConfigDiagnosticCodes.InvalidValue, 2, 11)]
    [InlineData("[cache]\nsizeLimit = \"10 gigs\"\n", ConfigDiagnosticCodes.InvalidSize, 2, 13)]
    [InlineData("[cache]\nsizeLimit = -1\n", ConfigDiagnosticCodes.InvalidSize, 2, 13)]
    [InlineData("[cache]\nsizeLimit = 1.5\n", ConfigDiagnosticCodes.InvalidSize, 2, 13)]
    [InlineData("[cache]\nsizeLimit = true\n", ConfigDiagnosticCodes.WrongType, 2, 13)]
    [InlineData("[cache.remote]\nconnectTimeout = \"5 parsecs\"\n", ConfigDiagnosticCodes.InvalidDuration, 2, 18)]
    [InlineData("[cache.remote]\nconnectTimeout = 5\n", ConfigDiagnosticCodes.InvalidDuration, 2, 18)]
    [InlineData("[cache.remote]\nreadTimeout = \"0s\"\n", ConfigDiagnosticCodes.InvalidDuration, 2, 15)]
    [InlineData("[cache.remote]\nurl = \"ftp://x\"\n", ConfigDiagnosticCodes.InvalidUrl, 2, 7)]
    [InlineData("[report]\nformat = \"htm\"\n", ConfigDiagnosticCodes.InvalidChoice, 2, 10)]
    [InlineData("[templates]\nproperties = \"A;B\"\n", ConfigDiagnosticCodes.WrongType, 2, 14)]
    [InlineData("[templates]\nproperties = [\"A\", 2]\n", ConfigDiagnosticCodes.WrongType, 2, 20)]
    [InlineData("[templates]\nvariablesFile = \"\"\n", ConfigDiagnosticCodes.InvalidValue, 2, 17)]
    [InlineData("cache = 5\n", ConfigDiagnosticCodes.WrongType, 1, 9)]
    [InlineData("[[cache]]\nenabled = true\n", ConfigDiagnosticCodes.WrongType, 1, 1)]
    public void BadValuesAreErrorsAtTheValue(string toml, string code, int line, int column)
    {
        var file = Parse(toml);
        var d = Assert.Single(file.Diagnostics);
        Assert.Equal((code, DiagnosticSeverity.Error, line, column), (d.Code, d.Severity, d.Line, d.Column));
        Assert.True(file.HasErrors);
        Assert.Empty(file.Values);
    }

    [Fact]
    public void WrongTypeMessageSaysWhatToWrite()
    {
        var d = Assert.Single(Parse("[cache]\nenabled = \"true\"\n").Diagnostics);
        Assert.Equal("'cache.enabled' must be a boolean, not a string (\"true\"). Write true without quotes.", d.Message);
        d = Assert.Single(Parse("[report]\nformat = \"htm\"\n").Diagnostics);
        Assert.Contains("Did you mean \"html\"?", d.Message);
    }

    [Fact]
    public void SyntaxErrorsPassThroughWithTheirCodesAndPositions()
    {
        var file = Parse("[cache]\nenabled = tru\n");
        var d = Assert.Single(file.Diagnostics);
        Assert.StartsWith("FF50", d.Code);
        Assert.Equal((DiagnosticSeverity.Error, 2, 11, FilePath), (d.Severity, d.Line, d.Column, d.File));
        Assert.Empty(file.Values);

        var duplicate = Parse("[git]\nbaseRef = \"a\"\nbaseRef = \"b\"\n");
        Assert.Contains(duplicate.Diagnostics, x => x.Code == "FF5013" && x.Line == 3);
    }

    [Fact]
    public void CredentialsInTheUrlAreAWarning()
    {
        var file = Parse("[cache.remote]\nurl = \"https://me:secret@cache.example.com\"\n");
        var d = Assert.Single(file.Diagnostics);
        Assert.Equal((ConfigDiagnosticCodes.CredentialsInFile, DiagnosticSeverity.Warning, 2, 7), (d.Code, d.Severity, d.Line, d.Column));
        Assert.True(file.Values.ContainsKey("cache.remote.url"));
    }

    [Fact]
    public void UnreadableFileIsOneError()
    {
        using var repo = new TempRepo();
        var dir = repo.Dir("flowforge.toml"); // a folder of that name cannot be read as a file
        var file = ConfigFile.Load(dir);
        Assert.Equal(ConfigDiagnosticCodes.FileUnreadable, Assert.Single(file.Diagnostics).Code);
    }

    [Fact]
    public void CodesAreInTheirOwnRangeAndUnique()
    {
        var codes = typeof(ConfigDiagnosticCodes).GetFields().Select(f => (string)f.GetValue(null)!).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches(@"^FF51\d\d$", c));
    }
}
