using System.CommandLine;
using System.Text.Json;
using FlowForge.Core.Configuration;
using FlowForge.Core.Records;
using Spectre.Console;

namespace FlowForge.Tool.Commands;

/// <summary><c>dotnet flowforge changes [path] [--json]</c>: what the last build of each project found changed.</summary>
public static class ChangesCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path")
        {
            Description = "Folder to search for project records (obj/**/flowforge/record.json). Default: the current folder.",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => ".",
        };
        var json = new Option<bool>("--json") { Description = "Print the records as a JSON array, for scripts and CI." };
        var command = new Command("changes", "Show, per project, what changed by content since its previous build (from the last build's records).")
        {
            path, json,
        };
        command.SetAction(result => Run(result.GetValue(path)!, result.GetValue(json), Console.Out));
        return command;
    }

    /// <summary>Project skip's decision (docs/project-skip.md): " — project: skipped whole", "built (why)", "not eligible (why)".</summary>
    private static string ProjectSkipNote(ProjectRecord record) => record.ProjectSkip switch
    {
        null => "",
        { Decision: ProjectRecord.ProjectSkipSection.SkippedDecision } => record.Summary.StartsWith("skipped whole", StringComparison.Ordinal) ? "" : " — project: skipped whole",
        { Decision: "not-eligible" } s => " — project: not eligible (" + string.Join("; ", s.Reasons) + ")",
        var s => " — project: " + s.Decision + (s.Reasons.Count > 0 ? " (" + string.Join("; ", s.Reasons) + ")" : ""),
    };

    public static int Run(string path, bool json, TextWriter output)
    {
        var root = Path.GetFullPath(path);
        if (!Directory.Exists(root))
        {
            Console.Error.WriteLine($"error FF9002: folder '{path}' does not exist. Pass a folder that contains built projects.");
            return 2;
        }
        var records = new List<ProjectRecord>();
        foreach (var file in ProjectRecord.FindRecordFiles(root))
        {
            var record = ProjectRecord.TryLoad(file, out var error);
            if (record is null) Console.Error.WriteLine($"warning FF9003: skipped unreadable record '{file}': {error}");
            else records.Add(record);
        }
        records.Sort((a, b) => string.CompareOrdinal(a.Project + a.TargetFramework, b.Project + b.TargetFramework));

        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(records, ToolJson.Options));
            return 0;
        }
        if (records.Count == 0)
        {
            output.WriteLine($"No FlowForge records under {root}. Build with FlowForge.Build referenced first (dotnet build).");
            return 0;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        // Piped into a file or a CI log there is no terminal width to respect: don't wrap paths.
        if (Console.IsOutputRedirected || output != Console.Out) console.Profile.Width = Math.Max(console.Profile.Width, 160);
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Project").AddColumn("TFM").AddColumn("Inputs", c => c.RightAligned())
            .AddColumn("Changed", c => c.RightAligned()).AddColumn("What FlowForge found").AddColumn("ms", c => c.RightAligned());
        foreach (var r in records)
        {
            table.AddRow(
                Markup.Escape(FlowForgePaths.Display(r.Project, root)),
                Markup.Escape(r.TargetFramework ?? ""),
                r.Inputs.Count.ToString(),
                r.Inputs.FirstBuild ? "-" : r.Inputs.Changed.Count.ToString(),
                Markup.Escape(r.Summary + ProjectSkipNote(r)),
                r.Timings.ChangeDetectionMs.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
        }
        console.Write(table);
        // Large inputs: which members changed (the record's inputs.changed[].changedMembers), one line per file.
        foreach (var r in records)
            foreach (var changed in r.Inputs.Changed.Where(c => c.ChangedMembers is { Count: > 0 }))
                output.WriteLine($"{FlowForgePaths.Display(r.Project, root)}: {changed.Path}: {string.Join(", ", changed.ChangedMembers!)}");
        return 0;
    }
}
