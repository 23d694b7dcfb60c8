namespace FlowForge.Toml.Tests;

/// <summary>The model API: types, order, positions of keys and values, and date/time round-tripping.</summary>
public class ModelTests
{
    private const string Config = """
        # FlowForge configuration
        title = "demo"

        [cache]
        enabled = true
        sizeLimit = 10_000
        ratio = 0.5
        remote.url = "https://cache"

        [[targets]]
        name = "a"
        tags = ["x", 2, 3.0]

        [[targets]]
        name = "b"
        when = { after = 1979-05-27T07:32:00.600-07:00 }
        """;

    [Fact]
    public void ValuesHaveTheirTomlTypes()
    {
        TomlTable model = Toml.ToModel(Config);
        var cache = (TomlTable)model["cache"];
        Assert.Equal(true, cache["enabled"]);
        Assert.Equal(10_000L, cache["sizeLimit"]);
        Assert.Equal(0.5, cache["ratio"]);
        Assert.Equal("https://cache", ((TomlTable)cache["remote"])["url"]);
        var targets = (TomlTableArray)model["targets"];
        Assert.Equal(2, targets.Count);
        var tags = (TomlArray)targets[0]["tags"];
        Assert.Equal(new object[] { "x", 2L, 3.0 }, tags.ToArray());
        var when = (TomlTable)targets[1]["when"];
        Assert.True(when.IsInline);
        var after = Assert.IsType<TomlOffsetDateTime>(when["after"]);
        Assert.Equal(new DateTimeOffset(1979, 5, 27, 7, 32, 0, 600, TimeSpan.FromHours(-7)), after.Value);
        Assert.Equal("1979-05-27T07:32:00.600-07:00", after.ToString());
        Assert.Equal(new[] { "title", "cache", "targets" }, model.Keys);
    }

    [Fact]
    public void KeysAndValuesKnowWhereTheyWereWritten()
    {
        TomlTable model = Toml.ToModel(Config);
        Assert.True(model.TryFindKeyPosition("cache.sizeLimit", out var sizeLimit));
        Assert.Equal((6, 1), (sizeLimit.Line, sizeLimit.Column));
        var cache = (TomlTable)model["cache"];
        Assert.Equal((6, 13), (cache.GetValuePosition("sizeLimit").Line, cache.GetValuePosition("sizeLimit").Column));
        Assert.Equal((4, 2), (model.GetKeyPosition("cache").Line, model.GetKeyPosition("cache").Column));
        Assert.Equal((4, 1), (cache.Position.Line, cache.Position.Column));
        Assert.True(model.TryFindKeyPosition(new[] { "cache", "remote", "url" }, out var url));
        Assert.Equal((8, 8), (url.Line, url.Column));
        var targets = (TomlTableArray)model["targets"];
        Assert.Equal(14, targets[1].Position.Line);
        Assert.True(model.TryFindKeyPosition("targets.when", out var when));
        Assert.Equal(16, when.Line);
        var tags = (TomlArray)targets[0]["tags"];
        Assert.Equal((12, 14), (tags.GetPosition(1).Line, tags.GetPosition(1).Column));
        Assert.False(model.TryFindKeyPosition("cache.missing", out _));
    }

    [Fact]
    public void ColumnsCountUtf16CharactersAfterNonAsciiText()
    {
        TomlTable model = Toml.ToModel("a = \"héllo😀\"; b = 1".Replace(";", "\n", StringComparison.Ordinal) + "\nc = \"é\" # ü\nd = [\"ä\", 'x']\ne = [\"😀\", 'x']\n");
        var d = (TomlArray)model["d"];
        Assert.Equal(11, d.GetPosition(1).Column);
        Assert.Equal(12, ((TomlArray)model["e"]).GetPosition(1).Column);
        Assert.Equal(2, model.GetKeyPosition("b").Column);
    }

    [Fact]
    public void ImplicitTableDefinedLaterPointsAtItsHeader()
    {
        TomlTable model = Toml.ToModel("[a.b]\nx = 1\n[a]\ny = 2\n");
        Assert.Equal(3, model.GetKeyPosition("a").Line);
    }

    [Fact]
    public void DateTimeKindsAreDistinctAndRoundTrip()
    {
        TomlTable model = Toml.ToModel("odt = 1979-05-27 07:32:00Z\nldt = 1979-05-27T07:32:00.123456789\nld = 2024-02-29\nlt = 23:59:59.5\n");
        Assert.Equal("1979-05-27T07:32:00Z", model["odt"].ToString());
        var ldt = Assert.IsType<TomlLocalDateTime>(model["ldt"]);
        Assert.Equal(DateTimeKind.Unspecified, ldt.Value.Kind);
        Assert.Equal("1979-05-27T07:32:00.1234567", ldt.ToString());
        Assert.Equal(new DateOnly(2024, 2, 29), Assert.IsType<TomlLocalDate>(model["ld"]).Value);
        Assert.Equal("23:59:59.5", Assert.IsType<TomlLocalTime>(model["lt"]).ToString());
    }

    [Fact]
    public void IntegersCoverTheWholeInt64Range()
    {
        TomlTable model = Toml.ToModel("min = -9223372036854775808\nmax = 9223372036854775807\nhex = 0x7FFF_FFFF_FFFF_FFFF\nbin = 0b101\noct = 0o777\n");
        Assert.Equal(long.MinValue, model["min"]);
        Assert.Equal(long.MaxValue, model["max"]);
        Assert.Equal(long.MaxValue, model["hex"]);
        Assert.Equal(5L, model["bin"]);
        Assert.Equal(511L, model["oct"]);
        Assert.True(Toml.Parse("x = 0x8000000000000000").HasErrors);
    }

    [Fact]
    public void TablesCanBeBuiltAndEditedInCode()
    {
        var table = new TomlTable { ["b"] = 1L, ["a"] = "x" };
        table.Add("c", new TomlArray { 1L, 2L });
        Assert.Equal(new[] { "b", "a", "c" }, table.Keys);
        Assert.False(table.GetKeyPosition("a").IsKnown);
        Assert.True(table.Remove("b"));
        Assert.Equal(new[] { "a", "c" }, table.Keys);
        for (int i = 0; i < 20; i++)
        {
            table["k" + i] = (long)i;
        }

        Assert.Equal(19L, table["k19"]);
        Assert.True(table.Remove("k3"));
        Assert.Equal(10L, table["k10"]);
        Assert.Throws<ArgumentException>(() => table.Add("a", 1L));
    }

    [Fact]
    public void ParsesFromBytesWithBomAndReadsFiles()
    {
        byte[] bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat("a = 1\n"u8.ToArray()).ToArray();
        Assert.Equal(1L, Toml.ToModel(bytes)["a"]);
        Assert.Equal(1, Toml.ToModel(bytes).GetKeyPosition("a").Column);

        string folder = Path.Combine(Path.GetTempPath(), "flowforge-toml-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string file = Path.Combine(folder, "x.toml");
            File.WriteAllText(file, "a = \n");
            var document = Toml.ParseFile(file);
            Assert.StartsWith(file + "(1,5): error FF5010", document.Diagnostics[0].ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
