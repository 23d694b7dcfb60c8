using System.IO.Compression;
using System.Text.Json;
using FlowForge.Core.Records;
using FlowForge.Reporting.Model;
using FlowForge.Reporting.Rendering;

namespace FlowForge.Reporting.Tests;

/// <summary>The report on real binlogs: projects, why they rebuilt, critical path, FlowForge records, bad files, formats.</summary>
[Collection(SampleBuildsCollection.Name)]
public sealed class BinlogReportTests(SampleBuilds builds)
{
    [Fact]
    public void FirstBuildRebuildsEverythingBecauseOutputsAreMissing()
    {
        var report = BinlogReport.Read(builds.First);
        Assert.True(report.Summary.Succeeded);
        Assert.Equal(2, report.Summary.Projects);
        Assert.True(report.FileFormatVersion > 0);
        Assert.Equal(["App", "Lib"], report.Rebuilt.Select(r => r.Project).Order());
        var lib = report.Rebuilt.Single(r => r.Project == "Lib");
        var compile = lib.Targets.Single(t => t.Target == "CoreCompile");
        Assert.Contains(compile.Reasons, r => r.StartsWith("Output file", StringComparison.Ordinal) && r.Contains("does not exist"));
        Assert.True(report.Summary.TargetsRun > 100);
        Assert.Contains(report.Tasks, t => t.Name == "Csc" && t.Count == 2);
    }

    [Fact]
    public void AnEditRebuildsTheEditedProjectAndSaysWhy()
    {
        var report = BinlogReport.Read(builds.Edited);
        var lib = report.Rebuilt.Single(r => r.Project == "Lib");
        var compile = lib.Targets.Single(t => t.Target == "CoreCompile");
        Assert.Contains(compile.Reasons, r => r.Contains("Lib.cs") && r.Contains("is newer than output file"));
        // App's compile was up to date (Lib's reference assembly kept its timestamp); it only copied the new Lib.dll.
        var app = report.Rebuilt.SingleOrDefault(r => r.Project == "App");
        if (app is not null)
        {
            Assert.DoesNotContain(app.Targets, t => t.Target == "CoreCompile");
            Assert.Contains("Lib.dll", app.CopiedExamples);
        }
        Assert.Contains(report.Tasks, t => t.Name == "Csc" && t.Count == 1);
        // Lib's compile is what the build waited for.
        var libTiming = report.Projects.Single(p => p.Name == "Lib");
        Assert.True(libTiming.CriticalMs > 0);
        Assert.Contains(report.CriticalPath.Steps, s => s.Project == "Lib");
        Assert.InRange(report.CriticalPath.TotalMs, report.Summary.WallMs * 0.5, report.Summary.WallMs + 1);
        Assert.All(report.Projects, p => Assert.True(p.ExclusiveMs <= p.InclusiveMs + 0.1));
    }

    [Fact]
    public void ANoOpBuildRebuildsNothingAndTheComparisonSaysSo()
    {
        var noOp = BinlogReport.Read(builds.NoOp);
        Assert.Empty(noOp.Rebuilt);
        Assert.Equal(0, noOp.Summary.ProjectsRebuilt);
        Assert.True(noOp.Summary.TargetsSkippedUpToDate > 0);

        var comparison = ReportComparison.Compute(BinlogReport.Read(builds.Edited), noOp);
        Assert.Contains("Lib (net10.0)", comparison.RebuiltOnlyBefore);
        Assert.Empty(comparison.RebuiltOnlyAfter);
        Assert.Equal(comparison.AfterWallMs - comparison.BeforeWallMs, comparison.WallDeltaMs, 1);
        var markdown = MarkdownReport.Write(comparison);
        Assert.Contains("Lib (net10.0)", markdown.Split('\n').Single(l => l.StartsWith("Rebuilt only before: ", StringComparison.Ordinal)));
        using var json = JsonDocument.Parse(ReportJson.Write(comparison));
        Assert.Contains(json.RootElement.GetProperty("rebuiltOnlyBefore").EnumerateArray(), e => e.GetString() == "Lib (net10.0)");
    }

    [Fact]
    public void FlowForgeRecordsOfTheBuildAddDecisionsCacheTotalsAndFlags()
    {
        var edited = BinlogReport.Read(builds.Edited);
        var start = edited.Summary.StartedUtc!.Value;
        var libRecord = Path.Combine(builds.Root, "Lib", "obj", "Debug", "net10.0", "flowforge", ProjectRecord.FileName);
        var appRecord = Path.Combine(builds.Root, "App", "obj", "Debug", "net10.0", "flowforge", ProjectRecord.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(libRecord)!);
        Directory.CreateDirectory(Path.GetDirectoryName(appRecord)!);
        try
        {
            new ProjectRecord
            {
                Project = "Lib.csproj", TargetFramework = "net10.0", BuiltAtUtc = start.AddMilliseconds(200), Summary = "1 of 40 inputs changed (Lib.cs)",
                Inputs = new() { Count = 40, Changed = [new() { Path = "Lib.cs", Kind = "Compile", Change = "Modified" }] },
                Compile = new() { Decision = ProjectRecord.Decisions.Compiled, Reasons = ["inputs changed: Lib.cs"],
                    VolatileProperties = [new() { Name = "InformationalVersion", Previous = "1.0+a", Current = "1.0+b" }] },
                Cache = new() { Result = "stored", BytesStored = 4096 },
            }.Save(libRecord);
            // The member list comes from another part of FlowForge (chunking): read from the JSON as written.
            File.WriteAllText(libRecord, File.ReadAllText(libRecord).Replace("\"change\": \"Modified\"", "\"change\": \"Modified\", \"changedMembers\": [\"Greeter.Hello()\"]"));
            new ProjectRecord
            {
                Project = "App.csproj", TargetFramework = "net10.0", BuiltAtUtc = start.AddMilliseconds(300), Summary = "content unchanged (30 inputs)",
                Inputs = new() { Count = 30 },
                Compile = new() { Decision = ProjectRecord.Decisions.Restored, Reasons = ["reference Lib.dll changed"] },
                Cache = new() { Result = "hit", Source = "remote", BytesRestored = 2 * 1024 * 1024, CompileMsSaved = 1500 },
            }.Save(appRecord);

            var report = BinlogReport.Read(builds.Edited);
            var f = report.FlowForge;
            Assert.Equal((2, 70, 1), (f.Records, f.InputsChecked, f.InputsChanged));
            Assert.True(f.GateActive);
            Assert.Equal((0, 1, 1), (f.CompilesSkipped, f.CompilesRestored, f.Compiled));
            Assert.Equal((1, 1, 0.5), (f.CacheHits, f.CacheMisses, f.CacheHitRate!.Value));
            Assert.Equal(2 * 1024 * 1024, f.BytesRestored);
            Assert.Equal(1500, f.TimeSavedMs);
            Assert.Equal("FlowForge: 2 project builds checked, 1 of 70 inputs changed by content; 0 compiles skipped, 1 restored from cache, 1 compiled; cache hit rate 50%, 2.0 MiB restored, ~1.50 s saved",
                ReportText.FlowForgeLine(f));

            var lib = report.Rebuilt.Single(r => r.Project == "Lib").FlowForge!;
            Assert.Equal("compiled", lib.Decision);
            Assert.Equal(["Greeter.Hello()"], Assert.Single(lib.Changed).ChangedMembers);
            var why = ReportText.Why(report.Rebuilt.Single(r => r.Project == "Lib"));
            Assert.Equal("FlowForge: compiled — inputs changed: Lib.cs", why[0]);
            Assert.Equal("changed: Lib.cs [Greeter.Hello()]", why[1]);
            Assert.Contains(report.Rebuilt, r => r.Project == "App" && r.FlowForge!.CacheSource == "remote");

            var flag = Assert.Single(report.Flags, fl => fl.Kind == "never-no-op");
            Assert.Contains("property InformationalVersion changes on every evaluation", flag.Message);
            Assert.Equal(["Lib (net10.0)"], flag.Projects);

            // The same records are not used for a build they were not written in.
            Assert.Equal(0, BinlogReport.Read(builds.NoOp).FlowForge.Records);
        }
        finally
        {
            File.Delete(libRecord);
            File.Delete(appRecord);
        }
    }

    [Fact]
    public void CompilerServerDisabledIsFlagged()
    {
        // The sample builds run with UseSharedCompilation=false in their environment, as CI machines often do.
        var report = BinlogReport.Read(builds.First);
        var flag = Assert.Single(report.Flags, f => f.Kind == "compiler-server-disabled");
        Assert.Equal(["App (net10.0)", "Lib (net10.0)"], flag.Projects);
        Assert.DoesNotContain(report.Flags, f => f.Kind == "not-deterministic");
    }

    [Fact]
    public void BadBinlogsAreCodedErrors()
    {
        var folder = Path.Combine(builds.Root, "bad-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(folder);
        var bytes = File.ReadAllBytes(builds.Edited);

        var truncated = Path.Combine(folder, "truncated.binlog");
        // Cut among the build events (the end of a binlog is the embedded project files, written after the build's end).
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 10)]);
        var e = Assert.Throws<ReportException>(() => BinlogReport.Read(truncated));
        Assert.Equal(ReportDiagnosticCodes.TruncatedBinlog, e.Code);
        Assert.Contains("truncated", e.Message);

        var text = Path.Combine(folder, "text.binlog");
        File.WriteAllText(text, "this is not a binlog");
        Assert.Equal(ReportDiagnosticCodes.NotABinlog, Assert.Throws<ReportException>(() => BinlogReport.Read(text)).Code);

        var garbage = Path.Combine(folder, "garbage.binlog");
        using (var gzip = new GZipStream(File.Create(garbage), CompressionLevel.Fastest))
            gzip.Write(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 });
        Assert.Contains(Assert.Throws<ReportException>(() => BinlogReport.Read(garbage)).Code, new[] { ReportDiagnosticCodes.NotABinlog, ReportDiagnosticCodes.TruncatedBinlog });

        var corrupt = Path.Combine(folder, "corrupt.binlog");
        var flipped = (byte[])bytes.Clone();
        // Early in the stream, where the build events are (the middle of a binlog is mostly the embedded project files).
        for (var i = 32; i < 96; i++) flipped[i] ^= 0x5a;
        File.WriteAllBytes(corrupt, flipped);
        var corruptError = Assert.Throws<ReportException>(() => BinlogReport.Read(corrupt));
        Assert.StartsWith("FF800", corruptError.Code);

        Assert.Equal(ReportDiagnosticCodes.BinlogNotFound, Assert.Throws<ReportException>(() => BinlogReport.Read(Path.Combine(folder, "missing.binlog"))).Code);
    }

    [Fact]
    public void JsonFollowsTheDocumentedSchema()
    {
        var report = BinlogReport.Read(builds.Edited);
        using var json = JsonDocument.Parse(ReportJson.Write(report));
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schema").GetInt32());
        foreach (var name in new[] { "binlog", "fileFormatVersion", "summary", "projects", "targets", "tasks", "criticalPath", "rebuilt", "flowForge", "flags", "diagnostics", "readerWarnings", "timeline" })
            Assert.True(root.TryGetProperty(name, out _), name);
        Assert.Equal(2, root.GetProperty("summary").GetProperty("projects").GetInt32());
        Assert.Contains(root.GetProperty("rebuilt").EnumerateArray(), r => r.GetProperty("project").GetString() == "Lib"
            && r.GetProperty("targets").EnumerateArray().Any(t => t.GetProperty("target").GetString() == "CoreCompile"));
        Assert.True(root.GetProperty("criticalPath").GetProperty("steps").GetArrayLength() > 0);
        // Every field the docs list exists in the model (docs/report.md is the schema).
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "report.md"));
        foreach (var property in root.EnumerateObject()) Assert.Matches("`" + property.Name + "(\\[\\])?`", docs);
        foreach (var property in root.GetProperty("summary").EnumerateObject()) Assert.Contains("`summary." + property.Name + "`", docs);
        foreach (var property in root.GetProperty("flowForge").EnumerateObject()) Assert.Contains("`flowForge." + property.Name + "`", docs);
    }

    [Fact]
    public void MarkdownAndConsoleShowTheSameFacts()
    {
        var report = BinlogReport.Read(builds.Edited);
        var markdown = MarkdownReport.Write(report);
        Assert.StartsWith("## FlowForge build report", markdown);
        Assert.Contains("Build succeeded in", markdown);
        // A short summary first; every table folded in <details> (a 300-project build must not open with 300 rows).
        var firstDetails = markdown.IndexOf("<details>", StringComparison.Ordinal);
        Assert.True(firstDetails > 0);
        Assert.DoesNotContain("| ", markdown[..firstDetails]);
        Assert.Contains(ReportText.CriticalPathLine(report.CriticalPath), markdown[..firstDetails]);
        Assert.Contains(ReportText.TimeLine(report.Time), markdown[..firstDetails]);
        Assert.Contains("<details><summary><b>Critical path: ", markdown);
        Assert.Equal(markdown.Split("<details>").Length, markdown.Split("</details>").Length);
        Assert.Contains("| Lib (net10.0) | CoreCompile: Input file", markdown);

        var output = new StringWriter();
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(output), ColorSystem = Spectre.Console.ColorSystemSupport.NoColors, Ansi = Spectre.Console.AnsiSupport.No,
        });
        console.Profile.Width = 200;
        ConsoleReport.Write(report, console);
        var text = output.ToString();
        Assert.Contains("Critical path:", text);
        Assert.Contains("Why projects rebuilt", text);
        Assert.Contains("Lib (net10.0)", text);
        Assert.Contains("CoreCompile: Input file", text);
        Assert.Contains("Slowest targets", text);
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FlowForge.Build.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }
}
