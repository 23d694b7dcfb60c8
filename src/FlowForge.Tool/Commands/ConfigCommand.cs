using System.CommandLine;
using System.Text.Json;
using FlowForge.Config;
using FlowForge.Core.Diagnostics;
using Spectre.Console;

namespace FlowForge.Tool.Commands;

internal static partial class ToolCommands
{
    static partial void AddConfig(List<Command> commands) => commands.Add(ConfigCommand.Create());
}

/// <summary>
/// <c>dotnet flowforge config [path] [--json]</c>: the effective configuration of a project folder (every key, its
/// value and where it came from: default, flowforge.toml(line,col) or environment) and the file's diagnostics.
/// Exit code 1 when the file has errors. MSBuild properties are not known here (they exist only inside a build).
/// </summary>
public static class ConfigCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path")
        {
            Description = "Project folder (flowforge.toml is searched from here up to the repository root) or a flowforge.toml file. Default: the current folder.",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => ".",
        };
        var json = new Option<bool>("--json") { Description = "Print the settings and diagnostics as JSON, for scripts and CI." };
        var command = new Command("config", "Show the effective FlowForge configuration (flowforge.toml, environment, defaults) and check the file.")
        {
            path, json,
        };
        command.SetAction(result => Run(result.GetValue(path)!, result.GetValue(json), Console.Out));
        return command;
    }

    public static int Run(string path, bool json, TextWriter output, Func<string, string?>? environment = null)
    {
        var full = Path.GetFullPath(path);
        EffectiveConfig config;
        if (File.Exists(full)) config = FlowForgeConfig.Resolve(ConfigFile.Load(full), environment);
        else if (Directory.Exists(full)) config = FlowForgeConfig.Load(full, environment);
        else
        {
            Console.Error.WriteLine($"error FF9002: '{path}' does not exist. Pass a project folder or a flowforge.toml file.");
            return 2;
        }

        if (json)
        {
            var document = new
            {
                file = config.File?.FilePath,
                settings = config.Entries.Select(e => new
                {
                    key = e.Key.Key,
                    value = e.Value,
                    property = e.Key.MSBuildProperty,
                    source = e.Source.ToString().ToLowerInvariant(),
                    origin = e.Source == ConfigValueSource.Environment ? e.Origin : null,
                    line = e.Line > 0 ? e.Line : (int?)null,
                    column = e.Column > 0 ? e.Column : (int?)null,
                }),
                diagnostics = config.Diagnostics.Select(d => new
                {
                    code = d.Code,
                    severity = d.Severity.ToString().ToLowerInvariant(),
                    message = d.Message,
                    file = d.File,
                    line = d.Line > 0 ? d.Line : (int?)null,
                    column = d.Column > 0 ? d.Column : (int?)null,
                }),
            };
            output.WriteLine(JsonSerializer.Serialize(document, ToolJson.Options));
            return config.HasErrors ? 1 : 0;
        }

        output.WriteLine(config.File is null
            ? $"No {ConfigCatalog.FileName} found from {full} up to the repository root; defaults and environment apply."
            : $"Configuration file: {config.File.FilePath}");
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (Console.IsOutputRedirected || output != Console.Out) console.Profile.Width = 160;
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Key").AddColumn("Value").AddColumn("From").AddColumn("MSBuild property");
        foreach (var e in config.Entries)
            table.AddRow(Markup.Escape(e.Key.Key), Markup.Escape(Display(e)), Markup.Escape(e.SourceText), Markup.Escape(e.Key.MSBuildProperty));
        console.Write(table);
        foreach (var d in config.Diagnostics)
        {
            // MSBuild form on stderr-like lines, so editors and CI parse them.
            output.WriteLine(d.ToString());
        }
        if (config.Diagnostics.Count > 0)
            output.WriteLine($"{config.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error)} error(s), {config.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning)} warning(s).");
        return config.HasErrors ? 1 : 0;
    }

    private static string Display(ConfigSetting e) => e.Key.Kind switch
    {
        ConfigValueKind.Size when long.TryParse(e.Value, out var bytes) => $"{ConfigValues.FormatSize(bytes)} ({e.Value} bytes)",
        ConfigValueKind.Duration when long.TryParse(e.Value, out var ms) => ConfigValues.FormatDuration(TimeSpan.FromMilliseconds(ms)),
        _ => e.Value.Length == 0 ? "(not set)" : e.Value,
    };
}
