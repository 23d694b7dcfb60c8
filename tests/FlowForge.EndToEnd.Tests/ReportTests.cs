using System.Text.Json;
using FlowForge.EndToEnd.Tests.Infrastructure;
using FlowForge.Tool.Commands;

namespace FlowForge.EndToEnd.Tests;

/// <summary>Issue 10: `dotnet flowforge report` on real builds of the Layered sample with FlowForge, in every format.</summary>
public sealed class ReportTests
{
    private static readonly string[] Projects =
        ["Acme.Abstractions", "Acme.Api", "Acme.App", "Acme.Data", "Acme.Model", "Acme.Services"];

    [Fact]
    public void ReportsWhyTheEditedProjectRebuiltInEveryFormatAndAfterBuildingItself()
    {
        // The compile gate's decisions and change records of every project (ProjectSkipTests reports whole-project skips).
        using var ws = new SampleWorkspace("Layered", extraProps: SampleWorkspace.ProjectSkipOff);
        ws.BuildSucceeded();
        File.AppendAllText(ws.PathOf("Acme.Model/Order.cs"), "\n// a comment changes content, not the API\n");
        // The one-line summary at the end of the build: FlowForge's logger, from the package's tasks folder.
        var logger = Path.Combine(PackageFeed.PackagesFolder, "flowforge.build", PackageFeed.Version.ToLowerInvariant(), "tasks", "net8.0", "FlowForge.Build.Logging.dll");
        var edited = ws.BuildSucceeded("-logger:FlowForge.Build.Logging.FlowForgeSummaryLogger," + logger);
        Assert.Contains("FlowForge: 6 project builds checked — 1 changed by content (Acme.Model: 1 input), 5 unchanged;", edited.Output);
        var stepSummary = Path.Combine(ws.Root, "step-summary.md");

        // JSON: the facts.
        var (exit, json, errors) = Report(ws, edited.Binlog, "json", stepSummary);
        Assert.True(exit == 0, errors);
        using (var document = JsonDocument.Parse(json))
        {
            var root = document.RootElement;
            var summary = root.GetProperty("summary");
            Assert.True(summary.GetProperty("succeeded").GetBoolean());
            Assert.Equal(Projects.Length, summary.GetProperty("projects").GetInt32());
            Assert.Equal(1, summary.GetProperty("helperProjects").GetInt32()); // FlowForge's shared git project, counted apart
            Assert.Equal(Projects.Length, summary.GetProperty("targetFrameworkBuilds").GetInt32());
            Assert.Subset(root.GetProperty("projects").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToHashSet(), Projects.ToHashSet());

            var model = root.GetProperty("rebuilt").EnumerateArray().Single(r => r.GetProperty("project").GetString() == "Acme.Model");
            Assert.Contains(model.GetProperty("targets").EnumerateArray(), t => t.GetProperty("target").GetString() == "CoreCompile"
                && t.GetProperty("reasons").EnumerateArray().Any(r => r.GetString()!.Contains("Order.cs")));
            var flowForge = model.GetProperty("flowForge");
            var changed = Assert.Single(flowForge.GetProperty("changed").EnumerateArray());
            Assert.Equal(("Order.cs", "Modified"), (changed.GetProperty("path").GetString(), changed.GetProperty("change").GetString()));
            // No other project compiled: a comment does not change Acme.Model's reference assembly.
            foreach (var other in root.GetProperty("rebuilt").EnumerateArray().Where(r => r.GetProperty("project").GetString() != "Acme.Model"))
                Assert.DoesNotContain(other.GetProperty("targets").EnumerateArray(), t => t.GetProperty("target").GetString() == "CoreCompile");

            var totals = root.GetProperty("flowForge");
            Assert.Equal(Projects.Length, totals.GetProperty("records").GetInt32());
            Assert.Equal("binlog", totals.GetProperty("source").GetString()); // the build logged its records itself
            Assert.Equal(1, totals.GetProperty("inputsChanged").GetInt32());
            Assert.Contains(root.GetProperty("criticalPath").GetProperty("steps").EnumerateArray(), s => s.GetProperty("project").GetString() == "Acme.Model");
            // The tests' builds compile on the compiler server (TestCompilerServer), so the report must not say it was
            // off; the flag itself, on a build with it off, is BinlogReportTests' case.
            Assert.DoesNotContain(root.GetProperty("flags").EnumerateArray(), f => f.GetProperty("kind").GetString() == "compiler-server-disabled");
        }
        // In CI, the Markdown summary lands in $GITHUB_STEP_SUMMARY whatever the format.
        Assert.Contains("## FlowForge build report", File.ReadAllText(stepSummary));

        // Markdown.
        (exit, var markdown, errors) = Report(ws, edited.Binlog, "markdown", null);
        Assert.True(exit == 0, errors);
        Assert.Contains(" rebuilt</b></summary>", markdown); // folded in <details> after the summary
        // FlowForge's facts come first: the gate's decision and reason, then the changed inputs, then MSBuild's reasons.
        Assert.Contains("| Acme.Model (net10.0) | FlowForge: compiled — inputs changed: Order.cs", markdown);
        Assert.Contains("changed: Order.cs", markdown);
        Assert.Contains("FlowForge: 6 project builds checked, 1 of ", markdown);

        // Console.
        (exit, var console, errors) = Report(ws, edited.Binlog, "console", null);
        Assert.True(exit == 0, errors);
        Assert.Contains("Why projects rebuilt", console);
        Assert.Contains("Acme.Model (net10.0)", console);
        Assert.Contains("CoreCompile: Input file \"Order.cs\" is newer", console);

        // HTML: one file next to the binlog.
        (exit, var htmlLine, errors) = Report(ws, edited.Binlog, "html", null);
        Assert.True(exit == 0, errors);
        var html = Path.ChangeExtension(edited.Binlog, ".report.html");
        Assert.Contains(html, htmlLine);
        var page = File.ReadAllText(html);
        Assert.Contains("Acme.Model", page);
        Assert.Contains("id=\"timeline\"", page);

        // --build: runs `dotnet build -bl` itself (a no-op now), then reports on that build.
        var output = new StringWriter();
        var error = new StringWriter();
        var options = new ReportCommand.ReportOptions
        {
            Format = "json", WorkingDirectory = ws.Root, Environment = _ => null, BuildEnvironment = ws.Environment,
            BuildArguments = ["--no-restore", "-nologo", "-tl:off"],
        };
        Assert.True(ReportCommand.Run(options, output, error) == 0, error.ToString());
        var noOpBinlog = Path.Combine(ws.Root, "msbuild.binlog");
        Assert.True(File.Exists(noOpBinlog));
        using (var noOp = JsonDocument.Parse(output.ToString()[output.ToString().IndexOf('{')..]))
        {
            Assert.Equal(noOpBinlog, noOp.RootElement.GetProperty("binlog").GetString());
            Assert.DoesNotContain(noOp.RootElement.GetProperty("rebuilt").EnumerateArray(), r => r.GetProperty("targets").EnumerateArray().Any(t => t.GetProperty("target").GetString() == "CoreCompile"));
            Assert.Equal(0, noOp.RootElement.GetProperty("flowForge").GetProperty("inputsChanged").GetInt32());
        }

        // --compare: Acme.Model compiled in the edited build, not in the no-op one; FlowForge's decisions in each.
        output = new StringWriter();
        Assert.Equal(0, ReportCommand.Run(new ReportCommand.ReportOptions
        {
            Format = "json", WorkingDirectory = ws.Root, Environment = _ => null, Compare = [edited.Binlog, noOpBinlog],
        }, output, error));
        using (var comparison = JsonDocument.Parse(output.ToString()))
        {
            var root = comparison.RootElement;
            Assert.Contains(root.GetProperty("rebuiltOnlyBefore").EnumerateArray(), p => p.GetString() == "Acme.Model (net10.0)");
            Assert.Equal(1, root.GetProperty("beforeFlowForge").GetProperty("compiled").GetInt32());
            Assert.Equal(0, root.GetProperty("afterFlowForge").GetProperty("compiled").GetInt32());
            var model = root.GetProperty("projects").EnumerateArray().Single(p => p.GetProperty("project").GetString() == "Acme.Model (net10.0)");
            Assert.Equal("compiled", model.GetProperty("decisionBefore").GetString());
            Assert.Equal("skipped", model.GetProperty("decisionAfter").GetString());
            Assert.True(root.GetProperty("targets").GetArrayLength() > 0);
        }
        // Every format of --compare, each to --output.
        foreach (var (format, file) in new[] { ("console", "compare.txt"), ("markdown", "compare.md"), ("html", "compare.html") })
        {
            var target = Path.Combine(ws.Root, file);
            Assert.Equal(0, ReportCommand.Run(new ReportCommand.ReportOptions
            {
                Format = format, Output = target, WorkingDirectory = ws.Root, Environment = _ => null, Compare = [edited.Binlog, noOpBinlog],
            }, new StringWriter(), error));
            var text = File.ReadAllText(target);
            Assert.Contains("compiled 1 → 0", text);
            Assert.Contains("Acme.Model (net10.0)", text);
            Assert.Contains("CoreCompile", text);
            Assert.DoesNotContain('\u001b', text); // no colour codes in a file (a char: culture-aware search ignores control characters)
        }

        // A binlog is enough: the edited build's report is the same after later builds rewrote (or removed) the records on disk.
        File.AppendAllText(ws.PathOf("Acme.Data/InMemoryRepository.cs"), "\n// another comment\n");
        ws.BuildSucceeded();
        foreach (var record in Directory.EnumerateFiles(ws.Root, "record.json", SearchOption.AllDirectories)) File.Delete(record);
        (exit, var again, errors) = Report(ws, edited.Binlog, "json", null);
        Assert.True(exit == 0, errors);
        using (var before = JsonDocument.Parse(json))
        using (var after = JsonDocument.Parse(again))
            Assert.Equal(before.RootElement.GetProperty("flowForge").GetRawText(), after.RootElement.GetProperty("flowForge").GetRawText());

        // The console format honours --output too, without colour.
        var consoleFile = Path.Combine(ws.Root, "report.txt");
        Assert.Equal(0, ReportCommand.Run(new ReportCommand.ReportOptions
        {
            Binlog = edited.Binlog, Format = "console", Output = consoleFile, WorkingDirectory = ws.Root, Environment = _ => null,
        }, new StringWriter(), error));
        Assert.Contains("Why projects rebuilt", File.ReadAllText(consoleFile));
        Assert.DoesNotContain('\u001b', File.ReadAllText(consoleFile));
    }

    [Fact]
    public void AFailedCompileIsFailedInEveryFormatWithItsProjectAndPlace()
    {
        using var ws = new SampleWorkspace("Layered");
        ws.BuildSucceeded();
        File.AppendAllText(ws.PathOf("Acme.Model/Order.cs"), "\nnamespace Broken { static class C { static int X = \"text\"; } }\n");
        var failed = ws.Build();
        Assert.False(failed.Succeeded);

        var (exit, json, errors) = Report(ws, failed.Binlog, "json", null);
        Assert.True(exit == 0, errors);
        using (var document = JsonDocument.Parse(json))
        {
            var root = document.RootElement;
            Assert.False(root.GetProperty("summary").GetProperty("succeeded").GetBoolean());
            Assert.Equal(1, root.GetProperty("flowForge").GetProperty("compilesFailed").GetInt32());
            Assert.Equal(0, root.GetProperty("flowForge").GetProperty("compiled").GetInt32());
            // Acme.App never reached its gate (a reference failed): its record on disk is the first build's, written
            // within a second of this build's start with the compiler server on, and is not this build's.
            Assert.Equal("binlog", root.GetProperty("flowForge").GetProperty("source").GetString());
            var app = root.GetProperty("projects").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Acme.App");
            Assert.True(!app.TryGetProperty("decision", out var appDecision) || appDecision.ValueKind == JsonValueKind.Null, app.GetRawText());
            var model = root.GetProperty("projects").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Acme.Model");
            Assert.Equal("failed", model.GetProperty("decision").GetString());
            var error = root.GetProperty("diagnostics").EnumerateArray().First(d => d.GetProperty("severity").GetString() == "error");
            Assert.StartsWith("CS", error.GetProperty("code").GetString());
            Assert.EndsWith("Order.cs", error.GetProperty("file").GetString());
            Assert.True(error.GetProperty("line").GetInt32() > 0 && error.GetProperty("column").GetInt32() > 0);
        }
        foreach (var format in new[] { "markdown", "console" })
        {
            (exit, var text, errors) = Report(ws, failed.Binlog, format, null);
            Assert.True(exit == 0, errors);
            Assert.Matches(@"Acme\.Model \(net10\.0\): \S*Order\.cs\(\d+,\d+\): error CS\d+", text);
        }
    }

    [Fact]
    public void ABrokenBinlogIsOneCodedErrorWithoutAStackTrace()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ff-report-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllText(Path.Combine(folder, "msbuild.binlog"), "not a binlog");
            var output = new StringWriter();
            var error = new StringWriter();
            var exit = ReportCommand.Run(new ReportCommand.ReportOptions { WorkingDirectory = folder, Environment = _ => null }, output, error);
            Assert.Equal(1, exit);
            Assert.StartsWith("error FF8002:", error.ToString());
            Assert.DoesNotContain("   at ", error.ToString());

            File.Delete(Path.Combine(folder, "msbuild.binlog"));
            exit = ReportCommand.Run(new ReportCommand.ReportOptions { WorkingDirectory = folder, Environment = _ => null }, output, error = new StringWriter());
            Assert.Equal(1, exit);
            Assert.StartsWith("error FF8001:", error.ToString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (int Exit, string Output, string Errors) Report(SampleWorkspace ws, string binlog, string format, string? stepSummary)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = ReportCommand.Run(new ReportCommand.ReportOptions
        {
            Binlog = binlog, Format = format, WorkingDirectory = ws.Root,
            Environment = name => name == "GITHUB_STEP_SUMMARY" ? stepSummary : null,
        }, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
