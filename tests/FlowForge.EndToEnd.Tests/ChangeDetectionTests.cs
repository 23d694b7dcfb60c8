using FlowForge.EndToEnd.Tests.Infrastructure;
using FlowForge.Tool.Commands;

namespace FlowForge.EndToEnd.Tests;

/// <summary>Issue 2: FlowForge knows, by content, what changed since each project's previous build.</summary>
public sealed class ChangeDetectionTests
{
    private static readonly string[] Projects =
        ["Acme.Abstractions", "Acme.Api", "Acme.App", "Acme.Data", "Acme.Model", "Acme.Services"];

    [Fact]
    public void RecordsTouchesEditsAdditionsAndDeletionsByContent()
    {
        using var ws = new SampleWorkspace("Layered", extraProps: SampleWorkspace.ProjectSkipOff);

        // First build records every input of every project.
        var first = ws.BuildSucceeded();
        Assert.Equal(Projects.Length, first.FlowForgeLines.Count);
        foreach (var project in Projects)
        {
            var record = ws.Record(project);
            Assert.True(record.Inputs.FirstBuild, project);
            Assert.True(record.Inputs.Count > 10, $"{project} recorded only {record.Inputs.Count} inputs");
            Assert.Equal(project + ".csproj", Path.GetFileName(record.Project));
        }

        // Touching every file changes no content.
        Assert.True(ws.TouchAllSources() > 10);
        var touched = ws.BuildSucceeded();
        Assert.All(touched.FlowForgeLines, line => Assert.StartsWith("FlowForge: content unchanged", line));
        foreach (var project in Projects)
        {
            var record = ws.Record(project);
            Assert.Empty(record.Inputs.Changed);
            Assert.False(record.Inputs.FirstBuild);
        }
        Assert.True(ws.Record("Acme.Model").Inputs.TimestampOnly >= 2);

        // Editing one file reports exactly that file.
        File.AppendAllText(ws.PathOf("Acme.Model/Order.cs"), "\n// a comment changes content, not the API\n");
        ws.BuildSucceeded();
        var model = ws.Record("Acme.Model");
        var changed = Assert.Single(model.Inputs.Changed);
        Assert.Equal(("Order.cs", "Compile", "Modified"), (changed.Path, changed.Kind, changed.Change));
        Assert.Equal("1 of " + model.Inputs.Count + " inputs changed (Order.cs)", model.Summary);
        foreach (var project in Projects.Where(p => p != "Acme.Model"))
            Assert.Empty(ws.Record(project).Inputs.Changed);

        // Adding and deleting files are reported.
        File.WriteAllText(ws.PathOf("Acme.Model/Invoice.cs"), "namespace Acme.Model;\npublic sealed record Invoice(int Id, decimal Amount);\n");
        File.Delete(ws.PathOf("Acme.Abstractions/IClock.cs"));
        ws.BuildSucceeded();
        var abstractions = ws.Record("Acme.Abstractions");
        Assert.Contains(abstractions.Inputs.Changed, c => c.Path == "IClock.cs" && c.Change == "Removed");
        model = ws.Record("Acme.Model");
        Assert.Contains(model.Inputs.Changed, c => c.Path == "Invoice.cs" && c.Change == "Added");
        // Abstractions' public API lost IClock, so Model sees its reference change too.
        Assert.Contains(model.Inputs.Changed, c => c.Kind == "Reference" && c.Path.EndsWith("Acme.Abstractions.dll") && c.Change == "Modified");

        // `dotnet flowforge changes --json` shows the same records.
        var output = new StringWriter();
        Assert.Equal(0, ChangesCommand.Run(ws.Root, json: true, output));
        using var json = System.Text.Json.JsonDocument.Parse(output.ToString());
        Assert.Equal(Projects.Length, json.RootElement.GetArrayLength());
        Assert.Contains(json.RootElement.EnumerateArray(), r => r.GetProperty("summary").GetString()!.Contains("+Invoice.cs"));
    }

    [Fact]
    public void BadStateIsOneCodedWarningAndTheBuildGoesOn()
    {
        using var ws = new SampleWorkspace("Layered", extraProps: SampleWorkspace.ProjectSkipOff);

        // Switched off: nothing of FlowForge runs.
        ws.BuildSucceeded("-p:FlowForgeEnabled=false");
        Assert.False(Directory.Exists(ws.PathOf("Acme.Model/obj/Debug/net10.0/flowforge")));

        ws.BuildSucceeded();
        var manifest = ws.PathOf("Acme.Model/obj/Debug/net10.0/flowforge/inputs.manifest");
        File.WriteAllBytes(manifest, System.Security.Cryptography.RandomNumberGenerator.GetBytes(200));
        var statCache = Assert.Single(Directory.GetFiles(Path.Combine(ws.CacheRoot, "stat")));
        File.WriteAllBytes(statCache, File.ReadAllBytes(statCache)[..100]);
        Directory.Delete(ws.PathOf("Acme.Services/obj/Debug/net10.0/flowforge"), recursive: true);

        var damaged = ws.BuildSucceeded();
        // Only change-detection codes: the sample is not a git repository, so git info adds its own FF3001.
        Assert.Equal(["FF1002", "FF1003"], damaged.WarningCodes().Where(c => c.StartsWith("FF1")).Distinct().Order());
        Assert.Single(damaged.WarningCodes(), c => c == "FF1003");
        Assert.Single(damaged.WarningCodes(), c => c == "FF1002");
        Assert.DoesNotContain("MSB4018", damaged.Output);
        Assert.True(ws.Record("Acme.Model").Inputs.FirstBuild);
        Assert.True(ws.Record("Acme.Services").Inputs.FirstBuild);

        // FlowForge's folder under obj/ cannot be written (a file is in the way).
        var state = ws.PathOf("Acme.Data/obj/Debug/net10.0/flowforge");
        Directory.Delete(state, recursive: true);
        File.WriteAllText(state, "in the way");
        var blocked = ws.BuildSucceeded();
        Assert.Single(blocked.WarningCodes(), c => c == "FF1004");
        Assert.True(File.Exists(ws.PathOf("Acme.App/bin/Debug/net10.0/Acme.App.dll")));
    }
}
