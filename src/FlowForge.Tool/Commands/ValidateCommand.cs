using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using FlowForge.Templates;
using FlowForge.Templates.Validation;
using FlowForge.Templates.Values;

namespace FlowForge.Tool.Commands;

internal static partial class ToolCommands
{
    static partial void AddTemplates(List<Command> commands) => commands.Add(ValidateCommand.Create());
}

/// <summary>
/// <c>dotnet flowforge validate [path] [--vars file] [-p Name=Value]... [--json]</c>: renders and validates templates outside a
/// build (CI, pre-commit). Prints <c>file(line,col): error FF4xxx: message</c> lines; exit code 1 when any template has an error.
/// </summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path")
        {
            Description = "A template file, or a folder searched for **/*.toml.tera and **/*.json.tera (bin/ and obj/ skipped). Default: the current folder.",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => ".",
        };
        var vars = new Option<string?>("--vars") { Description = "A TOML variables file (as FlowForgeTemplateVariablesFile in the build)." };
        var properties = new Option<string[]>("--property", "-p")
        {
            Description = "A variable as Name=Value, standing in for an MSBuild property (repeatable).",
            AllowMultipleArgumentsPerToken = false,
        };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON, for scripts and CI." };
        var command = new Command("validate", "Render and validate templates (syntax, undefined variables in every branch, TOML/JSON output, schema).")
        {
            path, vars, properties, json,
        };
        command.SetAction(result => Run(result.GetValue(path)!, result.GetValue(json), result.GetValue(vars), result.GetValue(properties) ?? [], Console.Out));
        return command;
    }

    public static int Run(string path, bool json, string? varsFile, IReadOnlyList<string> properties, TextWriter output)
    {
        var full = Path.GetFullPath(path);
        IReadOnlyList<string> templates;
        if (File.Exists(full)) templates = [full];
        else if (Directory.Exists(full)) templates = TemplateFiles.Discover(full);
        else
        {
            Console.Error.WriteLine($"error FF9002: '{path}' does not exist. Pass a template file or a folder that contains templates.");
            return 2;
        }

        var setup = new List<TemplateDiagnostic>();
        var propertyValues = new List<KeyValuePair<string, object?>>();
        foreach (var p in properties)
        {
            int eq = p.IndexOf('=');
            if (eq <= 0)
            {
                Console.Error.WriteLine($"error FF9002: --property '{p}' must be Name=Value.");
                return 2;
            }
            propertyValues.Add(new(p[..eq].Trim(), p[(eq + 1)..]));
        }
        IReadOnlyDictionary<string, object?>? fileVariables = null;
        if (!string.IsNullOrEmpty(varsFile)) fileVariables = TemplateVariables.LoadFile(Path.GetFullPath(varsFile), setup);
        var variables = TemplateVariables.Create(propertyValues, fileVariables, null);

        var stopwatch = Stopwatch.StartNew();
        var schemas = new Dictionary<string, TemplateSchema?>(StringComparer.Ordinal);
        var results = new List<(string Template, TemplateResult Result)>();
        if (setup.Count == 0)
            foreach (var template in templates)
                results.Add((template, TemplateFiles.Validate(template, variables, schemaCache: schemas)));
        var diagnostics = setup.Concat(results.SelectMany(r => r.Result.Diagnostics)).ToList();
        int errors = diagnostics.Count(d => d.IsError);

        if (json)
        {
            var report = new
            {
                templates = results.Select(r => new
                {
                    template = Display(r.Template),
                    valid = r.Result.Succeeded,
                    diagnostics = r.Result.Diagnostics.Select(Shape),
                }),
                diagnostics = setup.Select(Shape),
                errors,
            };
            output.WriteLine(JsonSerializer.Serialize(report, ToolJson.Options));
        }
        else
        {
            foreach (var d in diagnostics) output.WriteLine(d with { File = d.File is null ? null : Display(d.File) });
            output.WriteLine(errors == 0
                ? $"{templates.Count} template(s) valid ({stopwatch.Elapsed.TotalMilliseconds:0} ms)."
                : $"{errors} error(s) in {results.Count(r => !r.Result.Succeeded)} of {templates.Count} template(s).");
        }
        return errors == 0 ? 0 : 1;
    }

    private static object Shape(TemplateDiagnostic d) => new
    {
        code = d.Code,
        severity = d.IsError ? "error" : "warning",
        message = d.Message,
        file = d.File is null ? null : Display(d.File),
        line = d.Line,
        column = d.Column,
    };

    /// <summary>Paths relative to the current folder when under it (as editors and CI annotate them), else full.</summary>
    private static string Display(string file)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, file);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? file : relative;
    }
}
