using FlowForge.Core.Fingerprints;

namespace FlowForge.Core.Tests;

/// <summary>Issue 24: FF1006 names the property a changing value is computed in, read from the repository's build files.</summary>
public sealed class PropertyOriginTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ff-origin-" + Guid.NewGuid().ToString("N")[..12]);

    public PropertyOriginTests() => Directory.CreateDirectory(Path.Combine(_root, "src", "App"));

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void ATimeStampedSuffixIsTracedToThePropertyThatComputesIt()
    {
        var props = Write("Directory.Build.props", """
            <Project>
              <Import Project="build/version.props" />
              <PropertyGroup>
                <VersionSuffix>$(PreviewVersionSuffix)</VersionSuffix>
              </PropertyGroup>
            </Project>
            """);
        var version = Write("build/version.props", """
            <Project>
              <PropertyGroup>
                <VersionPrefix>2.1.0</VersionPrefix>
                <PreviewVersionSuffix>preview.$([System.DateTime]::UtcNow.ToString('yyyyMMddHHmmss'))</PreviewVersionSuffix>
              </PropertyGroup>
            </Project>
            """);
        var project = Write("src/App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>");
        var definitions = PropertyOrigin.Definitions.ForProject(project);

        var origin = PropertyOrigin.Find("VersionSuffix", definitions);
        Assert.NotNull(origin);
        Assert.Equal(("PreviewVersionSuffix", version, 4), (origin!.Property, origin.File, origin.Line));
        Assert.Null(PropertyOrigin.Find("Version", definitions)); // defined by the SDK only: nothing in the repository to point at
        Assert.Null(PropertyOrigin.Find("VersionPrefix", definitions)); // its own definition, a constant
        Assert.True(File.Exists(props));
    }

    [Fact]
    public void AChainedDirectoryBuildPropsAndTheLastDefinitionAreFollowed()
    {
        Write("Directory.Build.props", """
            <Project>
              <PropertyGroup>
                <BuildStamp>$([System.DateTime]::Now.Ticks)</BuildStamp>
              </PropertyGroup>
            </Project>
            """);
        var inner = Write("src/Directory.Build.props", """
            <Project>
              <Import Project="$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', '$(MSBuildThisFileDirectory)../'))" />
              <PropertyGroup>
                <FileVersion>1.0.0.0</FileVersion>
                <FileVersion>1.0.$(BuildStamp)</FileVersion>
              </PropertyGroup>
            </Project>
            """);
        var project = Write("src/App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        var origin = PropertyOrigin.Find("FileVersion", PropertyOrigin.Definitions.ForProject(project));
        Assert.Equal("BuildStamp", origin?.Property);
        Assert.EndsWith("Directory.Build.props", origin!.File);
        Assert.NotEqual(inner, origin.File);
    }

    [Fact]
    public void MalformedFilesAndCyclesGiveNoOriginRatherThanAnError()
    {
        Write("Directory.Build.props", "<Project><PropertyGroup><A>$(B)</A><B>$(A)</B>");
        var project = Write("src/App/App.csproj", "<Project><PropertyGroup><A>$(B)</A><B>$(A)x</B></PropertyGroup></Project>");
        var origin = PropertyOrigin.Find("A", PropertyOrigin.Definitions.ForProject(project));
        Assert.Equal("B", origin?.Property); // the deepest user definition; the cycle ends the walk
    }
}
