using System.Text.Json;
using System.Text.RegularExpressions;
using FlowForge.EndToEnd.Tests.Infrastructure;
using FlowForge.Tool.Commands;

namespace FlowForge.EndToEnd.Tests;

/// <summary>Issue 9: templates are rendered and validated in the build, copied or embedded, skipped when unchanged.</summary>
public sealed class TemplateTests
{
    private const string Project = "Acme.Config";

    private static JsonElement[] RecordEntries(SampleWorkspace ws)
    {
        var file = ws.PathOf($"{Project}/obj/Debug/net10.0/flowforge/templates.json");
        Assert.True(File.Exists(file), "no templates.json record at " + file);
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        return json.RootElement.GetProperty("templates").EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    private static string Status(JsonElement[] entries, string templateName)
        => entries.Single(e => e.GetProperty("template").GetString()!.EndsWith(templateName, StringComparison.Ordinal)).GetProperty("status").GetString()!;

    [Fact]
    public void RendersIntoBinEmbedsAndSkipsUnchangedTemplates()
    {
        using var ws = new SampleWorkspace("Templates");

        ws.BuildSucceeded();
        var bin = ws.PathOf($"{Project}/bin/Debug/net10.0");
        var appToml = File.ReadAllText(Path.Combine(bin, "config", "app.toml"));
        Assert.Contains("name = \"orders\"", appToml);
        Assert.Contains("version = \"1.2.3\"", appToml);          // FlowForgeTemplateProperties
        Assert.Contains("assembly = \"Acme.Config\"", appToml);
        Assert.Contains("channel = \"ci\"", appToml);              // FlowForgeTemplateVariable item
        Assert.Contains("url = \"https://b.internal/\"", appToml);
        Assert.False(File.Exists(Path.Combine(bin, "config", "appsettings.json")), "an embedded template is not copied by default");
        Assert.False(File.Exists(Path.Combine(bin, "config", "app.toml.tera")));

        // The embedded JSON (item metadata Environment=prod) is in the assembly.
        var run = ProcessRunner.Run("dotnet", [Path.Combine(bin, Project + ".dll")], ws.Root, ws.Environment);
        Assert.True(run.Succeeded, run.Output);
        Assert.Contains("\"Environment\": \"prod\"", run.Output);
        Assert.Contains("Host=db.internal;Port=5432", run.Output);

        var first = RecordEntries(ws);
        Assert.Equal("rendered", Status(first, "app.toml.tera"));
        Assert.Equal("rendered", Status(first, "appsettings.json.tera"));

        // Nothing changed: nothing is rendered again, and the record says so.
        ws.BuildSucceeded();
        var second = RecordEntries(ws);
        Assert.All(second, e => Assert.Equal("skipped: unchanged", e.GetProperty("status").GetString()));
        Assert.Equal(first.Select(e => e.GetProperty("hash").GetString()), second.Select(e => e.GetProperty("hash").GetString()));

        // A changed variable renders again, and the new value reaches bin/.
        File.WriteAllText(ws.PathOf($"{Project}/config/variables.toml"),
            File.ReadAllText(ws.PathOf($"{Project}/config/variables.toml")).Replace("log_level = \"info\"", "log_level = \"warn\""));
        ws.BuildSucceeded();
        Assert.Equal("rendered", Status(RecordEntries(ws), "app.toml.tera"));
        Assert.Contains("log_level = \"warn\"", File.ReadAllText(Path.Combine(bin, "config", "app.toml")));

        // Switched off: no template work at all.
        Directory.Delete(ws.PathOf($"{Project}/obj/Debug/net10.0/flowforge"), recursive: true);
        ws.BuildSucceeded("-p:FlowForgeEnabled=false");
        Assert.False(File.Exists(ws.PathOf($"{Project}/obj/Debug/net10.0/flowforge/templates.json")));
    }

    [Fact]
    public void ABadTemplateFailsTheBuildAtItsLineAndColumn()
    {
        using var ws = new SampleWorkspace("Templates");
        // An undefined name in a branch that is not taken (log_level is "info"): found by the dry run.
        File.WriteAllText(ws.PathOf($"{Project}/config/broken.toml.tera"),
            "name = {{ service | toml }}\n{% if log_level == \"debug\" %}\ntrace = {{ trace_levle | toml }}\n{% endif %}\n");
        // Rendered output that is not TOML: the error maps to the template's {{.
        File.WriteAllText(ws.PathOf($"{Project}/config/unquoted.toml.tera"), "# comment\nhost = {{ database.host }}\n");

        var result = ws.Build();
        Assert.False(result.Succeeded, result.Output);
        var errors = Regex.Matches(result.Output, @"(?m)^\s*(?<file>\S[^(\r\n]*?)\((?<line>\d+),(?<col>\d+)\): error (?<code>FF4\d{3}):")
            .Select(m => (File: Path.GetFileName(m.Groups["file"].Value), Line: int.Parse(m.Groups["line"].Value), Column: int.Parse(m.Groups["col"].Value), Code: m.Groups["code"].Value))
            .Distinct().ToList();
        Assert.Contains(("broken.toml.tera", 3, 12, "FF4003"), errors);
        Assert.Contains(("unquoted.toml.tera", 2, 8, "FF4005"), errors);
        Assert.DoesNotContain("MSB4018", result.Output);
        Assert.Equal("failed", Status(RecordEntries(ws), "broken.toml.tera"));

        // `dotnet flowforge validate` reports the same, outside a build, with a non-zero exit code.
        var output = new StringWriter();
        var exit = ValidateCommand.Run(ws.PathOf(Project), json: false, varsFile: ws.PathOf($"{Project}/config/variables.toml"),
            properties: ["Version=1.0.0", "AssemblyName=Acme.Config", "BuildChannel=ci", "Environment=prod"], output);
        Assert.NotEqual(0, exit);
        Assert.Contains("broken.toml.tera(3,12): error FF4003:", output.ToString());
        Assert.Contains("unquoted.toml.tera(2,8): error FF4005:", output.ToString());
        Assert.DoesNotContain("app.toml.tera(", output.ToString());
    }
}
