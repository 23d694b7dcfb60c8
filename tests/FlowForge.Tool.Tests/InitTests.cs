using System.Xml.Linq;
using FlowForge.Tool.Commands;
using FlowForge.Tool.Init;

namespace FlowForge.Tool.Tests;

/// <summary>
/// Issue 24: `dotnet flowforge init` on repositories laid out in temp folders: plain, Central Package Management (with and
/// without a reference already in Directory.Build.props), package source mapping; dry runs, second runs, malformed files.
/// Every result is read back as XML, as NuGet and MSBuild would read it.
/// </summary>
public sealed class InitTests : IDisposable
{
    private const string Version = "1.2.3";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ff-init-" + Guid.NewGuid().ToString("N")[..12]);

    public InitTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, ".git"));
        Directory.CreateDirectory(Path.Combine(_root, "src", "App"));
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private string PathOf(string relative) => Path.Combine(_root, relative);
    private void Write(string relative, string text) => File.WriteAllText(PathOf(relative), text);
    private XDocument Xml(string relative) => XDocument.Load(PathOf(relative));

    private (int Exit, string Output, string Error) Init(string? source = null, bool dryRun = false, bool config = false, bool logger = true, string version = Version, string? folder = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = InitCommand.Run(new InitOptions(folder ?? Path.Combine(_root, "src", "App"), version, source, WriteConfig: config, SummaryLogger: logger, DryRun: dryRun), output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Every file under the root with its bytes, to prove a run changed nothing.</summary>
    private Dictionary<string, byte[]> Snapshot() => Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories)
        .ToDictionary(f => Path.GetRelativePath(_root, f), File.ReadAllBytes);

    private void AssertUnchangedBy(Func<(int Exit, string Output, string Error)> run)
    {
        var before = Snapshot();
        var result = run();
        Assert.True(result.Exit == 0, result.Error);
        var after = Snapshot();
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (file, bytes) in before) Assert.True(bytes.SequenceEqual(after[file]), $"{file} changed");
    }

    private static XElement Single(XDocument document, string name) =>
        Assert.Single(document.Descendants(), e => e.Name.LocalName == name && (string?)e.Attribute("Include") == "FlowForge.Build");

    [Fact]
    public void APlainRepositoryGetsDirectoryBuildPropsAndTheSummaryLoggerAndASecondRunChangesNothing()
    {
        var (exit, output, error) = Init();
        Assert.True(exit == 0, error);
        var reference = Single(Xml("Directory.Build.props"), "PackageReference");
        Assert.Equal((Version, "all"), ((string?)reference.Attribute("Version"), (string?)reference.Attribute("PrivateAssets")));
        Assert.False(File.Exists(PathOf("nuget.config"))); // no source given: the user's own sources serve it
        Assert.Contains(SummaryLoggerSetup.Switch, File.ReadAllLines(PathOf("Directory.Build.rsp")));
        Assert.Equal(File.ReadAllBytes(SummaryLoggerSetup.BundledAssembly), File.ReadAllBytes(PathOf(".flowforge/FlowForge.Build.Logging.dll")));
        Assert.Contains("created Directory.Build.props", output);

        AssertUnchangedBy(() => Init());
        Assert.Contains("Nothing to change", Init().Output);
    }

    [Fact]
    public void AnExistingReferenceKeepsItsPlaceAndGetsTheNewVersion()
    {
        const string props = "<Project>\n  <!-- team settings -->\n  <PropertyGroup>\n    <Nullable>enable</Nullable>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include=\"FlowForge.Build\" Version=\"1.0.0\" PrivateAssets=\"all\" />\n  </ItemGroup>\n</Project>\n";
        Write("Directory.Build.props", props);
        var (exit, output, _) = Init(logger: false);
        Assert.Equal(0, exit);
        Assert.Equal(props.Replace("1.0.0", Version), File.ReadAllText(PathOf("Directory.Build.props")));
        Assert.Contains("version 1.0.0 → 1.2.3", output);
    }

    [Fact]
    public void NewItemsAreIndentedLikeTheFileAndCommentsAreKept()
    {
        const string props = "<Project>\r\n\t<!-- tabs and CRLF -->\r\n\t<PropertyGroup>\r\n\t\t<Nullable>enable</Nullable>\r\n\t</PropertyGroup>\r\n</Project>\r\n";
        Write("Directory.Build.props", props);
        Assert.Equal(0, Init(logger: false).Exit);
        var text = File.ReadAllText(PathOf("Directory.Build.props"));
        Assert.StartsWith("<Project>\r\n\t<!-- tabs and CRLF -->\r\n\t<PropertyGroup>\r\n\t\t<Nullable>enable</Nullable>\r\n\t</PropertyGroup>\r\n\t<ItemGroup>\r\n\t\t<PackageReference Include=\"FlowForge.Build\"", text);
        Assert.EndsWith("\r\n\t</ItemGroup>\r\n</Project>\r\n", text);
    }

    [Fact]
    public void CentralPackageManagementGetsAGlobalPackageReference()
    {
        Write("Directory.Packages.props", "<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageVersion Include=\"Newtonsoft.Json\" Version=\"13.0.3\" />\n  </ItemGroup>\n</Project>\n");
        Write("Directory.Build.props", "<Project>\n  <PropertyGroup>\n    <Nullable>enable</Nullable>\n  </PropertyGroup>\n</Project>\n");
        var buildProps = File.ReadAllBytes(PathOf("Directory.Build.props"));
        var (exit, output, error) = Init(logger: false);
        Assert.True(exit == 0, error);
        Assert.Equal(Version, (string?)Single(Xml("Directory.Packages.props"), "GlobalPackageReference").Attribute("Version"));
        Assert.Equal(buildProps, File.ReadAllBytes(PathOf("Directory.Build.props"))); // NU1008 would follow a PackageReference with a Version there
        Assert.Contains("Central Package Management", output);
        AssertUnchangedBy(() => Init(logger: false));
    }

    [Fact]
    public void UnderCentralPackageManagementAReferenceWithAVersionBecomesAPackageVersion()
    {
        Write("Directory.Packages.props", "<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>\n  </PropertyGroup>\n</Project>\n");
        Write("Directory.Build.props", "<Project>\n  <ItemGroup>\n    <PackageReference Include=\"FlowForge.Build\" Version=\"1.0.0\" PrivateAssets=\"all\" />\n  </ItemGroup>\n</Project>\n");
        Assert.Equal(0, Init(logger: false).Exit);
        Assert.Equal(Version, (string?)Single(Xml("Directory.Packages.props"), "PackageVersion").Attribute("Version"));
        var reference = Single(Xml("Directory.Build.props"), "PackageReference");
        Assert.Null(reference.Attribute("Version"));
        Assert.Equal("all", (string?)reference.Attribute("PrivateAssets"));
        Assert.DoesNotContain(Xml("Directory.Packages.props").Descendants(), e => e.Name.LocalName == "GlobalPackageReference");
        AssertUnchangedBy(() => Init(logger: false));
    }

    [Fact]
    public void WithSourceMappingTheSourceIsAddedAndFlowForgeIsMappedToIt()
    {
        // grpc-dotnet's shape: <clear/>, one source, everything mapped to it.
        const string config = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n    <clear />\n    <add key=\"nuget.org\" value=\"https://api.nuget.org/v3/index.json\" />\n  </packageSources>\n  <packageSourceMapping>\n    <packageSource key=\"nuget.org\">\n      <package pattern=\"*\" />\n    </packageSource>\n  </packageSourceMapping>\n</configuration>\n";
        Write("nuget.config", config);
        Directory.CreateDirectory(PathOf("feed"));
        var (exit, output, error) = Init(source: PathOf("feed"), logger: false);
        Assert.True(exit == 0, error);
        var document = Xml("nuget.config");
        var added = Assert.Single(document.Descendants("add"), e => (string?)e.Attribute("key") == "flowforge");
        Assert.Equal("feed", (string?)added.Attribute("value")); // inside the repository: relative, so the committed file works anywhere
        var mapped = Assert.Single(document.Descendants("packageSource"), e => (string?)e.Attribute("key") == "flowforge");
        Assert.Equal(NuGetConfigSetup.Pattern, (string?)Assert.Single(mapped.Elements("package")).Attribute("pattern"));
        Assert.Contains("<package pattern=\"*\" />", File.ReadAllText(PathOf("nuget.config")));
        Assert.Contains("package source mapping FlowForge.* → flowforge", output);
        AssertUnchangedBy(() => Init(source: PathOf("feed"), logger: false));
    }

    [Fact]
    public void WithSourceMappingAndNoSourceNuGetOrgIsMappedWhenNothingCoversFlowForge()
    {
        Write("nuget.config", "<configuration>\n  <packageSources>\n    <add key=\"public\" value=\"https://api.nuget.org/v3/index.json\" />\n    <add key=\"corp\" value=\"https://corp.invalid/nuget\" />\n  </packageSources>\n  <packageSourceMapping>\n    <packageSource key=\"public\">\n      <package pattern=\"Microsoft.*\" />\n    </packageSource>\n    <packageSource key=\"corp\">\n      <package pattern=\"Corp.*\" />\n    </packageSource>\n  </packageSourceMapping>\n</configuration>\n");
        Assert.Equal(0, Init(logger: false).Exit);
        var mapped = Xml("nuget.config").Descendants("packageSource").Single(e => (string?)e.Attribute("key") == "public");
        Assert.Equal(["Microsoft.*", "FlowForge.*"], mapped.Elements("package").Select(p => (string?)p.Attribute("pattern")));
    }

    [Fact]
    public void WithSourceMappingAndNoSourceAnywhereItWarnsFF5204()
    {
        Write("nuget.config", "<configuration>\n  <packageSources>\n    <add key=\"corp\" value=\"https://corp.invalid/nuget\" />\n  </packageSources>\n  <packageSourceMapping>\n    <packageSource key=\"corp\">\n      <package pattern=\"Corp.*\" />\n    </packageSource>\n  </packageSourceMapping>\n</configuration>\n");
        var (exit, _, error) = Init(logger: false);
        Assert.Equal(0, exit);
        Assert.Contains("warning FF5204", error);
    }

    [Fact]
    public void ADryRunListsTheChangesAndWritesNothing()
    {
        var (exit, output, error) = (0, "", "");
        AssertUnchangedBy(() => (exit, output, error) = Init(dryRun: true, config: true, source: "https://feed.invalid/v3/index.json"));
        Assert.Contains("dry run", output);
        foreach (var file in new[] { "Directory.Build.props", "nuget.config", "flowforge.toml", "Directory.Build.rsp", ".flowforge/FlowForge.Build.Logging.dll" })
            Assert.Contains("created " + file, output);
    }

    [Fact]
    public void AMalformedFileIsFF5201AndNothingIsWritten()
    {
        Write("Directory.Build.props", "<Project>\n  <ItemGroup>\n</Project>\n");
        var before = Snapshot();
        var (exit, _, error) = Init(config: true);
        Assert.Equal(1, exit);
        Assert.Contains("error FF5201", error);
        Assert.Contains("Directory.Build.props(3,", error);
        Assert.Equal(before.Keys.Order(), Snapshot().Keys.Order());
    }

    [Fact]
    public void BadArgumentsAreFF5202()
    {
        Assert.Contains("error FF5202", Init(version: "latest").Error);
        Assert.Contains("error FF5202", Init(folder: PathOf("missing")).Error);
    }

    [Fact]
    public void TheConfigFileListsEveryKeyAndChangesNothingUntilALineIsEnabled()
    {
        Assert.Equal(0, Init(config: true, logger: false).Exit);
        var text = File.ReadAllText(PathOf("flowforge.toml"));
        foreach (var key in FlowForge.Config.ConfigCatalog.Keys) Assert.Contains("# " + key.Name + " = ", text);
        var effective = FlowForge.Config.FlowForgeConfig.Load(_root);
        Assert.Empty(effective.Diagnostics);
        Assert.All(effective.Entries, e => Assert.Equal(FlowForge.Config.ConfigValueSource.Default, e.Source));
    }

    [Fact]
    public void AnExistingResponseFileKeepsItsSwitches()
    {
        Write("Directory.Build.rsp", "-maxCpuCount\n-nodeReuse:false\n");
        Assert.Equal(0, Init().Exit);
        Assert.Equal(["-maxCpuCount", "-nodeReuse:false", "# FlowForge: one summary line at the end of every build (dotnet flowforge init).", SummaryLoggerSetup.Switch, ""],
            File.ReadAllText(PathOf("Directory.Build.rsp")).Split('\n'));
        AssertUnchangedBy(() => Init());
    }
}
