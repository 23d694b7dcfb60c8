using System.Text.RegularExpressions;
using FlowForge.EndToEnd.Tests.Infrastructure;

namespace FlowForge.EndToEnd.Tests;

/// <summary>Issue 8: flowforge.toml is found, validated with positions, reported once per build, and overridden by MSBuild properties.</summary>
public sealed class ConfigTests
{
    [Fact]
    public void MisspeltKeyIsOneWarningPerBuildAndFileValuesReachTheProperties()
    {
        using var ws = new SampleWorkspace("Layered");
        File.WriteAllText(Path.Combine(ws.Root, "flowforge.toml"), "[git]\nbaseRef = \"origin/develop\"\n\n[cache]\nsizeLimt = \"1GB\"\n");

        // Six projects, built on more than one node: still one warning.
        var build = ws.BuildSucceeded("-m:2");
        Assert.Equal(["FF5101"], build.WarningCodes().Where(c => c.StartsWith("FF5", StringComparison.Ordinal)));
        Assert.Matches(new Regex(@"flowforge\.toml\(5,1\): warning FF5101: .*Did you mean 'cache\.sizeLimit'\?"), build.Output);

        // A target-time effect: after FlowForgeReadConfig ran, the property holds the file's value...
        var value = ws.Build(ws.PathOf("Acme.App/Acme.App.csproj"), "-t:FlowForgeReadConfig", "-getProperty:FlowForgeGitBaseRef");
        Assert.True(value.Succeeded, value.Output);
        Assert.Contains("origin/develop", value.Output);

        // ...unless an MSBuild property sets it.
        var overridden = ws.Build(ws.PathOf("Acme.App/Acme.App.csproj"), "-t:FlowForgeReadConfig", "-getProperty:FlowForgeGitBaseRef", "-p:FlowForgeGitBaseRef=origin/release");
        Assert.True(overridden.Succeeded, overridden.Output);
        Assert.Contains("origin/release", overridden.Output);
        Assert.DoesNotContain("origin/develop", overridden.Output);
    }

    [Fact]
    public void WrongTypeFailsTheBuildWithAnErrorAtTheValue()
    {
        using var ws = new SampleWorkspace("Layered");
        File.WriteAllText(Path.Combine(ws.Root, "flowforge.toml"), "[cache]\nenabled = \"yes\"\n");

        var build = ws.Build();
        Assert.False(build.Succeeded);
        Assert.Matches(new Regex(@"flowforge\.toml\(2,11\): error FF5102: 'cache\.enabled' must be a boolean"), build.Output);
        Assert.DoesNotContain("MSB4181", build.Output);
        Assert.DoesNotContain("FF9001", build.Output);

        // Fixed: the build goes on.
        File.WriteAllText(Path.Combine(ws.Root, "flowforge.toml"), "[cache]\nenabled = true\n");
        var fixedBuild = ws.BuildSucceeded();
        Assert.DoesNotContain(fixedBuild.WarningCodes(), c => c.StartsWith("FF5", StringComparison.Ordinal));
    }
}
