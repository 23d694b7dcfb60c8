using FlowForge.Core.Records;
using FlowForge.EndToEnd.Tests.Infrastructure;
using FlowForge.Tool.Commands;
using FlowForge.Tool.Init;

namespace FlowForge.EndToEnd.Tests;

/// <summary>
/// Issue 24: adopting FlowForge in a repository shaped like the public ones it was tried on (testassets/Adoption:
/// Central Package Management, package source mapping, a Deterministic=false project, a time-stamped version, two
/// solutions, a master default branch). From a fresh copy: `dotnet flowforge init`, then real `dotnet build`s with an empty
/// NUGET_PACKAGES and no hand edit.
/// </summary>
public sealed class AdoptionTests
{
    private static readonly string[] All = ["Adoption.App", "Adoption.Client", "Adoption.Core"];

    [Fact]
    public void InitThenBuildWorksAndTouchAllCompilesNothingTheSummaryShowsAndAffectedPicksMaster()
    {
        using var ws = new SampleWorkspace("Adoption", asIs: true).AsLocalBuild();
        ws.Environment["NUGET_PACKAGES"] = Path.Combine(ws.Top, "empty-packages");
        ws.Git("init", "-q", "-b", "master");

        var output = new StringWriter();
        var error = new StringWriter();
        Assert.True(InitCommand.Run(new InitOptions(ws.Root, PackageFeed.Version, PackageFeed.Folder), output, error) == 0, error.ToString());
        ws.Git("add", "-A");
        ws.Git("commit", "-q", "-m", "adopt FlowForge");
        // A clone's view of its remote: origin/HEAD names master, and there is no main anywhere.
        var origin = Path.Combine(ws.Top, "origin.git");
        Assert.True(ProcessRunner.Run("git", ["clone", "-q", "--bare", ws.Root, origin], ws.Top).Succeeded);
        ws.Git("remote", "add", "origin", origin);
        ws.Git("fetch", "-q", "origin");
        ws.Git("remote", "set-head", "origin", "--auto");

        // Default verbosity with the terminal logger, as a user types it: restore works (CPM, source mapping) and the
        // last line says what FlowForge did.
        var environment = new Dictionary<string, string?>(ws.Environment) { ["MSBUILDTERMINALLOGGER"] = null };
        var binlog = Path.Combine(ws.Top, "first.binlog");
        var first = ProcessRunner.Run("dotnet", ["build", "Adoption.sln", "-tl:on", "-bl:" + binlog], ws.Root, environment);
        Assert.True(first.Succeeded, first.Output);
        Assert.Equal(All, CompileRuns.Read(binlog));
        Assert.Contains("FlowForge: 3 project builds checked", first.Output);
        Assert.True(Directory.Exists(Path.Combine(ws.Top, "empty-packages", "flowforge.build")));

        // Touch everything: nothing compiles, the non-deterministic Client included, like MSBuild's own no-op would.
        ws.TouchAllSources();
        var touched = ws.BuildSucceeded("Adoption.sln");
        Assert.Empty(CompileRuns.Read(touched.Binlog));
        var client = ws.Record("src/Adoption.Client").Compile!;
        Assert.Equal(ProjectRecord.Decisions.Skipped, client.Decision);
        Assert.True(client.NonDeterministic);
        Assert.Contains("compiles: 3 skipped", touched.Output);

        // A property MSBuild's timestamps miss recompiles it.
        var optimized = ws.BuildSucceeded("Adoption.sln", "-p:Optimize=true");
        Assert.Equal(All, CompileRuns.Read(optimized.Binlog));

        // A time-stamped version: the record names the property the timestamp is computed in.
        ws.BuildSucceeded("Adoption.sln", "-p:Optimize=true", "-p:StampVersion=true");
        var stamped = ws.BuildSucceeded("Adoption.sln", "-p:Optimize=true", "-p:StampVersion=true");
        Assert.Contains("FF1006", stamped.WarningCodes());
        var suffix = Assert.Single(ws.Record("src/Adoption.Core").Compile!.VolatileProperties, p => p.Name == "VersionSuffix");
        Assert.StartsWith("PreviewVersionSuffix (Directory.Build.props, line ", suffix.ComputedIn);

        // A commit with an edit: the commit never reaches a local assembly, so it is never named as a reason.
        ws.Git("checkout", "-q", "-b", "feature");
        File.AppendAllText(ws.PathOf("src/Adoption.Core/Message.cs"), "// edited\n");
        ws.Git("commit", "-q", "-am", "edit core");
        ws.BuildSucceeded("Adoption.sln", "-p:Optimize=true");
        var core = ws.Record("src/Adoption.Core").Compile!;
        Assert.Equal(ProjectRecord.Decisions.Compiled, core.Decision);
        Assert.DoesNotContain(core.Reasons, r => r.Contains("SourceRevisionId", StringComparison.Ordinal));

        // affected with no arguments: compared with origin/master (origin/HEAD), over both solutions' projects. Run as the
        // tool runs, in a process of its own: it registers the SDK's MSBuild, which this test process has loaded already.
        var tool = Path.Combine(AppContext.BaseDirectory, "dotnet-flowforge.dll");
        var affected = ProcessRunner.Run("dotnet", [tool, "affected"], ws.Root, ws.Environment);
        Assert.True(affected.Succeeded, affected.Output);
        var lines = affected.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(All.Select(p => $"src/{p}/{p}.csproj"), lines.Where(l => l.EndsWith(".csproj", StringComparison.Ordinal)));
        Assert.Contains("origin/master", affected.Output);
        Assert.DoesNotContain("FF3009", affected.Output);

        // init again changes nothing.
        var again = new StringWriter();
        Assert.Equal(0, InitCommand.Run(new InitOptions(ws.Root, PackageFeed.Version, PackageFeed.Folder), again, error));
        Assert.Empty(ws.Git("status", "--porcelain"));
    }
}
