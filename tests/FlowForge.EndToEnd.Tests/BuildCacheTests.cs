using FlowForge.Core.Records;
using FlowForge.EndToEnd.Tests.Infrastructure;

namespace FlowForge.EndToEnd.Tests;

/// <summary>Issue 4: compiles seen before (another branch, another clone) are restored from the build cache.</summary>
public sealed class BuildCacheTests : IDisposable
{
    private static readonly string[] All =
        ["Acme.Abstractions", "Acme.Api", "Acme.App", "Acme.Data", "Acme.Model", "Acme.Services"];

    private readonly string _sharedCache = SampleWorkspace.NewCacheRootPath();

    public void Dispose()
    {
        try { Directory.Delete(_sharedCache, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>A local build whatever machine runs the tests, with a warning (CS0168) in Acme.Model.</summary>
    private SampleWorkspace Clone()
    {
        var ws = new SampleWorkspace("Layered", _sharedCache).AsLocalBuild();
        File.WriteAllText(ws.PathOf("Acme.Model/Unused.cs"),
            "namespace Acme.Model;\n\ninternal static class Unused\n{\n    public static void Method()\n    {\n        int unused;\n    }\n}\n");
        return ws.CommitAsFreshClone();
    }

    [Fact]
    public void BranchRoundTripAndASecondCloneRestoreEveryCompileWithItsWarningsAndIdenticalBytes()
    {
        using var first = Clone();
        first.Git("checkout", "-q", "-b", "feature");
        var order = first.PathOf("Acme.Model/Order.cs");
        File.WriteAllText(order, File.ReadAllText(order).Replace("line.Quantity * line.UnitPrice", "line.UnitPrice * line.Quantity"));
        first.Git("commit", "-q", "-am", "feature");
        first.Git("checkout", "-q", "main");

        var main = first.BuildSucceeded();
        Assert.Equal(All, CompileRuns.Read(main.Binlog));
        Assert.Contains("CS0168", main.Output);
        Assert.All(All, p => Assert.Equal("stored", first.Record(p).Cache!.Result));
        // The background store's outcome and project skip's section (written after it queued the store) are both kept.
        Assert.All(All, p => Assert.NotNull(first.Record(p).ProjectSkip));
        // The warnings kept with each entry are those Csc logged, captured by FlowForge's Csc: the compiler itself got no
        // /errorlog, which would make Roslyn run the Info-only analyzers a command-line build skips.
        var commandLines = CompileRuns.CompilerCommandLines(main.Binlog);
        Assert.Equal(All.Length, commandLines.Count);
        Assert.All(commandLines, c => Assert.DoesNotContain("/errorlog", c, StringComparison.OrdinalIgnoreCase));
        Assert.Contains("\"CS0168\"", File.ReadAllText(first.PathOf("Acme.Model/obj/Debug/net10.0/flowforge/compile.warnings.sarif")));

        first.Git("checkout", "-q", "feature");
        Assert.Equal(["Acme.Model"], CompileRuns.Read(first.BuildSucceeded().Binlog));

        // Back on main: Acme.Model's outputs in obj/ are the feature's, its main compile is in the cache.
        first.Git("checkout", "-q", "main");
        var back = first.BuildSucceeded();
        Assert.Empty(CompileRuns.Read(back.Binlog));
        var model = first.Record("Acme.Model");
        Assert.Equal(ProjectRecord.Decisions.Restored, model.Compile!.Decision);
        Assert.Equal(("hit", "local"), (model.Cache!.Result, model.Cache.Source));
        Assert.True(model.Cache.BytesRestored > 0);
        Assert.Contains(back.Output.Split('\n'), l => l.Contains("warning CS0168") && l.Contains(first.PathOf("Acme.Model/Unused.cs")));
        // Oracle: the restore shows exactly the compiler warnings the real compile of the same tree showed.
        Assert.NotEmpty(CompilerWarnings(main.Output, "Acme.Model"));
        Assert.Equal(CompilerWarnings(main.Output, "Acme.Model"), CompilerWarnings(back.Output, "Acme.Model"));
        // The restored outputs are dated like a skip's: the next build compiles nothing (it checks once more: the restored
        // files are within the racy window of the quick-check record), then the quick check answers, and a check by
        // content finds them current (a plain skip).
        Thread.Sleep(Core.Hashing.StatCache.RacyWindow + TimeSpan.FromMilliseconds(200));
        Assert.Empty(CompileRuns.Read(first.BuildSucceeded().Binlog));
        var next = first.BuildSucceeded();
        Assert.Empty(CompileRuns.Read(next.Binlog));
        Assert.Empty(CompileRuns.GateChecks(next.Binlog));
        Assert.Empty(CompileRuns.Read(first.BuildSucceeded("-p:FlowForgeQuickCheck=false").Binlog));
        Assert.Equal(ProjectRecord.Decisions.Skipped, first.Record("Acme.Model").Compile!.Decision);

        // A second clone in another folder, same cache root: every compile restored, the warning shown with its own path.
        using var second = Clone();
        var restored = second.BuildSucceeded();
        Assert.Empty(CompileRuns.Read(restored.Binlog));
        Assert.All(All, p => Assert.Equal(ProjectRecord.Decisions.Restored, second.Record(p).Compile!.Decision));
        Assert.Contains(restored.Output.Split('\n'), l => l.Contains("warning CS0168") && l.Contains(second.PathOf("Acme.Model/Unused.cs")));
        var restoredBytes = Outputs(second);
        Assert.Equal(Outputs(first), restoredBytes);

        // A clean compile of the second clone (outputs deleted, an empty cache) produces exactly the restored bytes.
        foreach (var file in restoredBytes.Keys) File.Delete(second.PathOf(file));
        second.Environment["FLOWFORGE_CACHE"] = Path.Combine(_sharedCache + "-empty");
        try
        {
            Assert.Equal(All, CompileRuns.Read(second.BuildSucceeded().Binlog));
            Assert.Equal(restoredBytes, Outputs(second));
        }
        finally
        {
            try { Directory.Delete(_sharedCache + "-empty", recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// A project whose build sets its own ErrorLog gets it from the compiler, as without FlowForge (the compiler is asked
    /// for /errorlog, FlowForge captures nothing). Its compiles are not stored: a restore could not write that log.
    /// </summary>
    [Fact]
    public void AnErrorLogOfTheProjectsOwnIsWrittenByTheCompilerAndItsCompilesAreNotStored()
    {
        using var ws = Clone();
        var own = ws.BuildSucceeded("-p:ErrorLog=own.sarif%2Cversion=2.1");
        Assert.Equal(All, CompileRuns.Read(own.Binlog));
        Assert.All(CompileRuns.CompilerCommandLines(own.Binlog), c => Assert.Contains("/errorlog:", c, StringComparison.OrdinalIgnoreCase));
        var log = File.ReadAllText(ws.PathOf("Acme.Model/own.sarif"));
        Assert.Contains("\"CS0168\"", log);
        Assert.Contains("Visual C# Compiler", log);  // written by the compiler, not by FlowForge
        Assert.False(File.Exists(ws.PathOf("Acme.Model/obj/Debug/net10.0/flowforge/compile.warnings.sarif")));
        Assert.All(All, p => Assert.Equal("miss", ws.Record(p).Cache!.Result));

        // Without it, the next clean build compiles again (nothing was stored) and then stores.
        foreach (var project in All) Directory.Delete(ws.PathOf($"{project}/obj/Debug/net10.0"), recursive: true);
        var plain = ws.BuildSucceeded();
        Assert.Equal(All, CompileRuns.Read(plain.Binlog));
        Assert.All(All, p => Assert.Equal("stored", ws.Record(p).Cache!.Result));
    }

    /// <summary>The distinct compiler warning lines (file(line,col): warning CSnnnn: message [project]) of one project,
    /// without the console logger's node prefix ("4>").</summary>
    private static string[] CompilerWarnings(string output, string project) =>
        output.Split('\n').Select(l => System.Text.RegularExpressions.Regex.Replace(l.Trim(), @"^\d+>", "")).Where(l => l.Contains(": warning CS") && l.EndsWith(project + ".csproj]", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Compiler outputs in each project's obj/ (assembly, reference assemblies, pdb), by relative path → SHA-256.</summary>
    private static SortedDictionary<string, string> Outputs(SampleWorkspace ws)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var project in All)
        {
            var obj = ws.PathOf($"{project}/obj/Debug/net10.0");
            foreach (var file in Directory.EnumerateFiles(obj, "*", SearchOption.AllDirectories))
            {
                var name = Path.GetFileName(file);
                if (!(name == project + ".dll" || name == project + ".pdb" || name == project + ".xml")) continue;
                var relative = Path.GetRelativePath(ws.Root, file).Replace('\\', '/');
                result[relative] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));
            }
        }
        return result;
    }
}
