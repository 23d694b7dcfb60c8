using FlowForge.Core.Changes;
using FlowForge.Core.Records;
using FlowForge.EndToEnd.Tests.Infrastructure;

namespace FlowForge.EndToEnd.Tests;

/// <summary>Issue 3: a compile runs exactly when its inputs' content (or an option of the compiler) changed.</summary>
public sealed class CompileGateTests
{
    private static readonly string[] All =
        ["Acme.Abstractions", "Acme.Api", "Acme.App", "Acme.Data", "Acme.Model", "Acme.Services"];

    /// <summary>A local build whatever machine runs the tests: no CI variable reaches the builds.</summary>
    private static SampleWorkspace LocalWorkspace(string sample = "Layered")
    {
        // The gate's own decisions: project skip would skip whole projects before the gate runs.
        var ws = new SampleWorkspace(sample, extraProps: SampleWorkspace.ProjectSkipOff).AsLocalBuild();
        // These tests are about the gate's own decisions: with the build cache on, a deleted output or a revert to a
        // fingerprint seen before is restored instead of compiled (BuildCacheTests covers that).
        ws.Environment["FlowForgeCache"] = "false";
        return ws;
    }

    private static List<string> Compiled(BuildResult build) => CompileRuns.Read(build.Binlog);

    /// <summary>Past it, a file changed before a check counts as unchanged for that check's record (racy guard).</summary>
    private static readonly TimeSpan StatCacheRacyWindow = Core.Hashing.StatCache.RacyWindow + TimeSpan.FromMilliseconds(200);

    [Fact]
    public void TouchAndBranchRoundTripCompileNothingAndEditsCompileExactlyWhatTheyAffect()
    {
        using var ws = LocalWorkspace().CommitAsFreshClone();
        ws.Git("checkout", "-q", "-b", "feature");
        File.AppendAllText(ws.PathOf("Acme.Services/PricingService.cs"), "\n// feature work\n");
        File.WriteAllText(ws.PathOf("Acme.Model/Invoice.cs"), "namespace Acme.Model;\npublic sealed record Invoice(int Id);\n");
        ws.Git("add", "-A");
        ws.Git("commit", "-q", "-m", "feature");
        ws.Git("checkout", "-q", "main");

        var first = ws.BuildSucceeded();
        Assert.Equal(All, Compiled(first));
        Assert.All(All, p => Assert.Equal(["no previous build"], ws.Record(p).Compile!.Reasons));
        // Csc options reach the gate as escaped Name=Value strings: a list-valued one arrives whole, ';' and all.
        var defineConstants = Assert.Single(File.ReadAllLines(ws.PathOf("Acme.Model/obj/Debug/net10.0/flowforge/fingerprint.txt")),
            line => line.StartsWith("option\tDefineConstants\t", StringComparison.Ordinal));
        Assert.StartsWith("option\tDefineConstants\tTRACE;DEBUG;NET;", defineConstants);
        // Stable local version: a local build keeps the commit out of the assembly, and with SourceLink off the SDK's
        // own per-project git lookup is skipped too (FlowForge's one read per build still gives every project the commit).
        Assert.DoesNotContain("+", AssemblyMetadata.InformationalVersion(ws.PathOf("Acme.App/bin/Debug/net10.0/Acme.App.dll")));
        Assert.Empty(CompileRuns.SdkGitLookups(first.Binlog));

        ws.TouchAllSources();
        var touched = ws.BuildSucceeded();
        Assert.Empty(Compiled(touched));
        foreach (var project in All)
        {
            var compile = ws.Record(project).Compile!;
            Assert.Equal((ProjectRecord.Decisions.Skipped, "content unchanged"), (compile.Decision, Assert.Single(compile.Reasons)));
            Assert.Equal(compile.PreviousFingerprint, compile.Fingerprint);
        }
        Assert.Contains(touched.Output.Split('\n'), l => l.Trim() == "FlowForge compile: skipped (content unchanged)");

        ws.Git("checkout", "-q", "feature");
        ws.Git("checkout", "-q", "main");
        Assert.Empty(Compiled(ws.BuildSucceeded()));

        // A method body: that project only (its reference assembly does not change, so dependents stay skipped).
        ReplaceIn(ws.PathOf("Acme.Model/Order.cs"), "line.Quantity * line.UnitPrice", "line.UnitPrice * line.Quantity");
        Assert.Equal(["Acme.Model"], Compiled(ws.BuildSucceeded()));
        Assert.Equal(["inputs changed: Order.cs"], ws.Record("Acme.Model").Compile!.Reasons);

        // A public API: it and everything that depends on it.
        ReplaceIn(ws.PathOf("Acme.Model/Order.cs"), "public decimal Total()", "public int LineCount => Lines.Count;\n\n    public decimal Total()");
        Assert.Equal(["Acme.Api", "Acme.App", "Acme.Data", "Acme.Model", "Acme.Services"], Compiled(ws.BuildSucceeded()));
        Assert.Contains("reference Acme.Model.dll changed", ws.Record("Acme.Data").Compile!.Reasons);

        // A property on the command line that MSBuild's timestamps cannot see: every project.
        var optimized = ws.BuildSucceeded("-p:Optimize=true");
        Assert.Equal(All, Compiled(optimized));
        Assert.All(All, p => Assert.Contains("property Optimize: false → true", ws.Record(p).Compile!.Reasons));

        // An output deleted from obj/: that project.
        File.Delete(ws.PathOf("Acme.Data/obj/Debug/net10.0/Acme.Data.pdb"));
        Assert.Equal(["Acme.Data"], Compiled(ws.BuildSucceeded("-p:Optimize=true")));
        Assert.Equal(["outputs missing"], ws.Record("Acme.Data").Compile!.Reasons);

        // Deterministic source paths map paths through the SDK's SourceRoot items: its lookup stays on for them.
        var deterministicPaths = ws.BuildSucceeded("-p:Optimize=true", "-p:DeterministicSourcePaths=true");
        Assert.Equal(All, CompileRuns.SdkGitLookups(deterministicPaths.Binlog));

        // CI builds still stamp the commit, and run the SDK's lookup for SourceLink as usual.
        ws.Environment["CI"] = "true";
        var ci = ws.BuildSucceeded("-p:Optimize=true");
        var commit = ws.Git("rev-parse", "HEAD").Trim();
        Assert.EndsWith("+" + commit, AssemblyMetadata.InformationalVersion(ws.PathOf("Acme.App/bin/Debug/net10.0/Acme.App.dll")));
        Assert.Equal(All, CompileRuns.SdkGitLookups(ci.Binlog));
    }

    [Fact]
    public void PlainMSBuildMissesPropertiesNonDeterministicIsGatedVolatilePropertiesAreNamedAndSkipsMatchCleanBuilds()
    {
        using var ws = LocalWorkspace();

        // Plain MSBuild: a property passed on the command line does not recompile anything (stale binaries).
        Assert.Equal(All, Compiled(ws.BuildSucceeded("-p:FlowForgeEnabled=false")));
        Assert.Empty(Compiled(ws.BuildSucceeded("-p:FlowForgeEnabled=false", "-p:Optimize=true")));

        // FlowForge's first build over those outputs has no fingerprint for them: every project compiles once.
        ReplaceIn(ws.PathOf("Acme.Api/Acme.Api.csproj"), "<OutputType>Library</OutputType>", "<OutputType>Library</OutputType>\n    <Deterministic>false</Deterministic>");
        Assert.Equal(All, Compiled(ws.BuildSucceeded()));
        var api = ws.Record("Acme.Api").Compile!;
        Assert.Equal(ProjectRecord.Decisions.Compiled, api.Decision);
        Assert.True(api.NonDeterministic);

        ws.TouchAllSources();
        Assert.Empty(Compiled(ws.BuildSucceeded())); // the non-deterministic one too, as MSBuild's own no-op keeps its outputs
        Assert.Equal(ProjectRecord.Decisions.Skipped, ws.Record("Acme.Api").Compile!.Decision);
        var skippedOutputs = Snapshot(ws, "Acme.Model");

        // A value that changes on every build, with no source change: named, with both values, and warned about.
        ws.BuildSucceeded("-p:Version=1.0.101");
        var second = ws.BuildSucceeded("-p:Version=1.0.202");
        var model = ws.Record("Acme.Model").Compile!;
        Assert.Equal(ProjectRecord.Decisions.Compiled, model.Decision);
        var version = Assert.Single(model.VolatileProperties, p => p.Name == "Version");
        Assert.Equal(("1.0.101", "1.0.202"), (version.Previous, version.Current));
        Assert.Contains("property Version: 1.0.101 → 1.0.202", model.Reasons);
        Assert.Contains("FF1006", second.WarningCodes());

        // Outputs left by a skipped compile are byte for byte those of a clean build.
        foreach (var project in All)
        {
            Directory.Delete(ws.PathOf($"{project}/obj/Debug"), recursive: true);
            Directory.Delete(ws.PathOf($"{project}/bin"), recursive: true);
        }
        ws.BuildSucceeded();
        var clean = Snapshot(ws, "Acme.Model");
        Assert.Equal(skippedOutputs.Keys.Order(), clean.Keys.Order());
        foreach (var (file, bytes) in skippedOutputs) Assert.True(bytes.SequenceEqual(clean[file]), $"{file} differs from a clean build's");
    }

    [Fact]
    public void MultiTargetedProjectsAreGatedPerTargetFrameworkAndTheGateCanBeTurnedOff()
    {
        using var ws = LocalWorkspace();
        ReplaceIn(ws.PathOf("Acme.Abstractions/Acme.Abstractions.csproj"), "<TargetFramework>net10.0</TargetFramework>", "<TargetFrameworks>net8.0;net10.0</TargetFrameworks>");

        var first = ws.BuildSucceeded();
        Assert.Contains("Acme.Abstractions/net8.0", Compiled(first));
        Assert.Contains("Acme.Abstractions/net10.0", Compiled(first));
        Assert.Equal(["no previous build"], ws.Record("Acme.Abstractions", targetFramework: "net8.0").Compile!.Reasons);

        ws.TouchAllSources();
        Assert.Empty(Compiled(ws.BuildSucceeded()));
        Assert.Equal(ProjectRecord.Decisions.Skipped, ws.Record("Acme.Abstractions", targetFramework: "net8.0").Compile!.Decision);

        // A comment: both target frameworks recompile, their reference assemblies stay the same, dependents skip.
        File.AppendAllText(ws.PathOf("Acme.Abstractions/IClock.cs"), "\n// a comment\n");
        Assert.Equal(["Acme.Abstractions/net10.0", "Acme.Abstractions/net8.0"], Compiled(ws.BuildSucceeded()));

        // Off: MSBuild alone decides again (a touch recompiles everything), and the records say why.
        ws.TouchAllSources();
        var off = ws.BuildSucceeded("-p:FlowForgeCompileGate=false");
        Assert.Equal(7, Compiled(off).Count);
        Assert.Equal(["FlowForgeCompileGate=false"], ws.Record("Acme.Model").Compile!.Reasons);
    }

    [Fact]
    public void EqualFingerprintsGoWithEqualRoslynKeys()
    {
        using var ws = LocalWorkspace();
        string[] projects = ["Acme.Abstractions", "Acme.Model", "Acme.Data"];
        var samples = new List<(string Variant, string Project, string Fingerprint, string Key)>();
        void Sample(string variant, params string[] extra)
        {
            ws.BuildSucceeded(["Acme.Data/Acme.Data.csproj", "--no-incremental", "-p:Features=debug-determinism", .. extra]);
            foreach (var project in projects)
            {
                var key = ws.PathOf($"{project}/obj/Debug/net10.0/{project}.dll.key");
                Assert.True(File.Exists(key), $"Roslyn wrote no {key} (variant {variant})");
                samples.Add((variant, project, ws.Record(project).Compile!.Fingerprint!, File.ReadAllText(key)));
            }
        }

        var order = ws.PathOf("Acme.Model/Order.cs");
        var original = File.ReadAllText(order);
        Sample("base");
        ReplaceIn(order, "line.Quantity * line.UnitPrice", "line.UnitPrice * line.Quantity");
        Sample("source edit");
        File.WriteAllText(order, original);
        Sample("source reverted");
        Sample("property", "-p:Optimize=true");
        File.WriteAllText(ws.PathOf(".editorconfig"), "root = true\n[*.cs]\ndotnet_diagnostic.CA1822.severity = suggestion\n");
        Sample("analyzer config");
        File.AppendAllText(ws.PathOf("Acme.Data/SeedData.txt"), "\nmore seed data\n");
        Sample("resource");
        ReplaceIn(ws.PathOf("Acme.Abstractions/IClock.cs"), "DateTimeOffset Now { get; }", "DateTimeOffset Now { get; }\n    TimeZoneInfo Zone { get; }");
        Sample("reference");

        foreach (var a in samples)
            foreach (var b in samples.Where(s => s.Project == a.Project))
            {
                if (a.Fingerprint == b.Fingerprint)
                    Assert.True(a.Key == b.Key, $"{a.Project}: equal fingerprints but different .key files ({a.Variant} / {b.Variant})");
                if (a.Key != b.Key)
                    Assert.True(a.Fingerprint != b.Fingerprint, $"{a.Project}: different .key files but equal fingerprints ({a.Variant} / {b.Variant})");
            }
        // The variants did exercise both sides: a revert matches the base, every edit differs from it somewhere.
        Assert.All(projects, p => Assert.Equal(samples.Single(s => s.Project == p && s.Variant == "base").Fingerprint,
            samples.Single(s => s.Project == p && s.Variant == "source reverted").Fingerprint));
        foreach (var variant in new[] { "source edit", "property", "analyzer config", "resource", "reference" })
            Assert.Contains(samples, s => s.Variant == variant && s.Fingerprint != samples.Single(b => b.Project == s.Project && b.Variant == "base").Fingerprint);
    }

    [Fact]
    public void ABuildThatChangedNothingRunsNoGateTaskAndWhateverIsNewerIsCheckedAgain()
    {
        using var ws = LocalWorkspace();
        Assert.Equal(All, Compiled(ws.BuildSucceeded()));
        // A compile writes its outputs after the check began (within the racy window of the quick-check record): the
        // next build checks them once by content (past that window: the check that follows can vouch for them).
        Thread.Sleep(StatCacheRacyWindow);
        var verified = ws.BuildSucceeded();
        Assert.Equal(All, CompileRuns.GateChecks(verified.Binlog));
        Assert.Empty(Compiled(verified));

        // Nothing changed: every file keeps the identity the last check recorded, so the gate's task does not run;
        // each project still logs its line.
        var noOp = ws.BuildSucceeded();
        Assert.Empty(CompileRuns.GateChecks(noOp.Binlog));
        Assert.Empty(Compiled(noOp));
        Assert.Equal(All.Length, noOp.FlowForgeLines.Count(l => l == "FlowForge: " + ChangeReport.NothingNewerSummary));

        // An input added with an old timestamp, in a project file that keeps its old timestamp too: no file is newer,
        // but the list of inputs changed (compile-settings.txt holds its hash), so the gate checks and compiles.
        var notes = ws.PathOf("Acme.Model/notes.txt");
        File.WriteAllText(notes, "release notes\n");
        var longAgo = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(notes, longAgo);
        var project = ws.PathOf("Acme.Model/Acme.Model.csproj");
        var projectTime = File.GetLastWriteTimeUtc(project);
        ReplaceIn(project, "</Project>", "  <ItemGroup>\n    <AdditionalFiles Include=\"notes.txt\" />\n  </ItemGroup>\n</Project>");
        File.SetLastWriteTimeUtc(project, projectTime);
        var added = ws.BuildSucceeded();
        Assert.Equal(["Acme.Model"], Compiled(added));
        Assert.Equal(["additional file notes.txt added"], ws.Record("Acme.Model").Compile!.Reasons);

        // A setting the fingerprint does not depend on: every project is checked (and skipped) until the rewritten
        // settings file is older than the racy window of a check, then quick again.
        var setting = ws.BuildSucceeded("-p:FlowForgeLargeFileThreshold=123456");
        Assert.Equal(All, CompileRuns.GateChecks(setting.Binlog));
        Assert.Empty(Compiled(setting));
        Thread.Sleep(StatCacheRacyWindow);
        Assert.Empty(Compiled(ws.BuildSucceeded("-p:FlowForgeLargeFileThreshold=123456")));
        Assert.Empty(CompileRuns.GateChecks(ws.BuildSucceeded("-p:FlowForgeLargeFileThreshold=123456").Binlog));

        // New content under an older timestamp (a backup restored with its date): not newer than anything, but its
        // ctime moved, so the quick check sees it. FlowForgeQuickCheck=false checks by content in every build.
        var order = ws.PathOf("Acme.Model/Order.cs");
        var orderTime = File.GetLastWriteTimeUtc(order);
        File.AppendAllText(order, "\n// restored from a backup\n");
        File.SetLastWriteTimeUtc(order, orderTime);
        var quick = ws.BuildSucceeded("-p:FlowForgeLargeFileThreshold=123456");
        Assert.Equal(["Acme.Model"], Compiled(quick));
        Assert.Equal(["inputs changed: Order.cs"], ws.Record("Acme.Model").Compile!.Reasons);
        var full = ws.BuildSucceeded("-p:FlowForgeLargeFileThreshold=123456", "-p:FlowForgeQuickCheck=false");
        Assert.Equal(All, CompileRuns.GateChecks(full.Binlog));
        Assert.Empty(Compiled(full));
    }

    private static Dictionary<string, byte[]> Snapshot(SampleWorkspace ws, string project)
    {
        var obj = ws.PathOf($"{project}/obj/Debug/net10.0");
        return new[] { $"{project}.dll", $"{project}.pdb", $"{project}.xml", $"refint/{project}.dll", $"ref/{project}.dll" }
            .Where(f => File.Exists(Path.Combine(obj, f)))
            .ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(obj, f)));
    }

    private static void ReplaceIn(string file, string from, string to)
    {
        var text = File.ReadAllText(file);
        Assert.Contains(from, text);
        File.WriteAllText(file, text.Replace(from, to));
    }
}
