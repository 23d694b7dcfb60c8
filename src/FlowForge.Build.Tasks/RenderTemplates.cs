using System.Diagnostics;
using System.Text;
using FlowForge.Build.Tasks.Infrastructure;
using FlowForge.Chunking;
using FlowForge.Core.Diagnostics;
using FlowForge.Core.Hashing;
using FlowForge.Templates;
using FlowForge.Templates.Records;
using FlowForge.Templates.Validation;
using FlowForge.Templates.Values;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace FlowForge.Build.Tasks;

/// <summary>
/// Renders and validates @(FlowForgeTemplate) into the state folder (templates/&lt;OutputPath&gt;). Thin: translates items
/// to <see cref="TemplateValidator"/> calls, logs FF4xxx diagnostics at the template's line/column, skips templates whose
/// hash (template + variables + schema + format + output path) equals the one in templates.json, and returns the
/// outputs to copy (<see cref="CopyFiles"/>) or embed (<see cref="EmbedFiles"/>).
/// </summary>
public sealed class RenderTemplates : FlowForgeTask
{
    /// <summary>Metadata with a meaning of their own; every other custom metadata of a template is a variable.</summary>
    private static readonly HashSet<string> ReservedMetadata = new(StringComparer.OrdinalIgnoreCase)
    {
        "OutputPath", "Format", "Schema", "VariablesFile", "CopyToOutputDirectory", "Embed", "LogicalName", "Link", "Visible",
        "DependentUpon", "Generator", "LastGenOutput", "CustomToolNamespace", "Pack", "PackagePath", "TargetPath",
    };

    [Required] public ITaskItem[] Templates { get; set; } = [];
    [Required] public string ProjectDirectory { get; set; } = "";
    [Required] public string StateDirectory { get; set; } = "";

    /// <summary>Project-wide variables file (FlowForgeTemplateVariablesFile); a template's VariablesFile metadata overrides it.</summary>
    public string? VariablesFile { get; set; }

    /// <summary>Variables from MSBuild properties: Identity = name, metadata Value.</summary>
    public ITaskItem[] PropertyVariables { get; set; } = [];

    /// <summary>Rendered files to copy to the output folder: metadata Link (= OutputPath), CopyToOutputDirectory.</summary>
    [Output] public ITaskItem[] CopyFiles { get; private set; } = [];

    /// <summary>Rendered files to embed: metadata Link, LogicalName (when given), WithCulture=false.</summary>
    [Output] public ITaskItem[] EmbedFiles { get; private set; } = [];

    /// <summary>Every file this task wrote or owns (rendered outputs, templates.json), for FileWrites.</summary>
    [Output] public ITaskItem[] FilesWritten { get; private set; } = [];

    protected override void ExecuteCore()
    {
        var projectDirectory = Path.GetFullPath(ProjectDirectory);
        var stateDirectory = Path.GetFullPath(StateDirectory);
        var recordFile = Path.Combine(stateDirectory, TemplatesRecord.FileName);
        var previous = TemplatesRecord.TryLoad(recordFile)?.Templates.ToDictionary(e => e.Template, StringComparer.Ordinal) ?? new();
        var record = new TemplatesRecord { BuiltAt = DateTimeOffset.UtcNow };

        var properties = new List<KeyValuePair<string, object?>>();
        foreach (var item in PropertyVariables)
            properties.Add(new(item.ItemSpec, item.GetMetadata("Value")));
        var variablesFiles = new Dictionary<string, IReadOnlyDictionary<string, object?>?>(StringComparer.Ordinal);
        var schemas = new Dictionary<string, TemplateSchema?>(StringComparer.Ordinal);
        var copy = new List<ITaskItem>();
        var embed = new List<ITaskItem>();
        var written = new List<ITaskItem>();
        var outputs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // Per-table results of TOML output checks, kept across builds: only changed tables are parsed again.
        var tomlTablesFile = Path.Combine(stateDirectory, TomlTablesFileName);
        ChunkWorkCache<TomlTableCheck>? tomlTables = null;

        foreach (var item in Templates)
        {
            var stopwatch = Stopwatch.StartNew();
            var templatePath = Path.GetFullPath(Path.Combine(projectDirectory, item.ItemSpec));
            if (!seen.Add(templatePath)) continue;
            var relativeTemplate = Relative(projectDirectory, templatePath);
            var outputPath = item.GetMetadata("OutputPath");
            if (string.IsNullOrWhiteSpace(outputPath))
            {
                var dir = Path.GetDirectoryName(relativeTemplate);
                var name = TemplateConventions.DefaultOutputName(Path.GetFileName(templatePath));
                outputPath = Path.IsPathRooted(relativeTemplate) || string.IsNullOrEmpty(dir) ? name : Path.Combine(dir, name);
            }
            outputPath = outputPath.Replace('\\', Path.DirectorySeparatorChar).Replace('/', Path.DirectorySeparatorChar);
            var outputFile = Path.GetFullPath(Path.Combine(stateDirectory, "templates", outputPath));
            if (outputs.TryGetValue(outputFile, out var other))
            {
                Report(Diagnostic.Error(TemplateDiagnosticCodes.DuplicateOutput,
                    $"This template and '{other}' both render to '{outputPath}'; give one of them another OutputPath metadata.", templatePath));
                continue;
            }
            outputs[outputFile] = relativeTemplate;

            if (!TemplateConventions.TryParseFormat(item.GetMetadata("Format"), outputPath, out var format))
            {
                Report(Diagnostic.Error(TemplateDiagnosticCodes.FileError,
                    $"Unknown Format '{item.GetMetadata("Format")}'; use toml, json or text (or leave it empty to infer it from the output name).", templatePath));
                continue;
            }

            var diagnostics = new List<TemplateDiagnostic>();
            // Variables: properties < variables file < item metadata.
            var fileSetting = item.GetMetadata("VariablesFile");
            if (string.IsNullOrWhiteSpace(fileSetting)) fileSetting = VariablesFile;
            IReadOnlyDictionary<string, object?>? fileVariables = null;
            if (!string.IsNullOrWhiteSpace(fileSetting))
            {
                var full = Path.GetFullPath(Path.Combine(projectDirectory, fileSetting));
                if (!variablesFiles.TryGetValue(full, out fileVariables))
                {
                    var fileDiagnostics = new List<TemplateDiagnostic>();
                    fileVariables = TemplateVariables.LoadFile(full, fileDiagnostics);
                    variablesFiles[full] = fileVariables;
                    foreach (var d in fileDiagnostics) Report(ToDiagnostic(d));
                }
                if (fileVariables is null) continue;
            }
            var metadata = new List<KeyValuePair<string, object?>>();
            foreach (var name in item.CloneCustomMetadata().Keys)
            {
                if (name is not string key) continue;
                if (!ReservedMetadata.Contains(key)) metadata.Add(new(key, item.GetMetadata(key)));
            }
            var variables = TemplateVariables.Create(properties, fileVariables, metadata);

            var schemaSetting = item.GetMetadata("Schema");
            var schemaPath = string.IsNullOrWhiteSpace(schemaSetting)
                ? TemplateConventions.FindConventionalSchema(templatePath)
                : Path.GetFullPath(Path.Combine(projectDirectory, schemaSetting));
            var schema = TemplateFiles.LoadSchema(schemaPath, schemas, out var schemaDiagnostics);
            if (schemaDiagnostics.Count > 0)
            {
                foreach (var d in schemaDiagnostics) Report(ToDiagnostic(d));
                continue;
            }

            string templateText;
            try
            {
                templateText = File.ReadAllText(templatePath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Report(Diagnostic.Error(TemplateDiagnosticCodes.FileError, $"Cannot read the template: {e.Message}", templatePath));
                continue;
            }

            var hash = Fingerprint(templateText, variables, schemaPath, format, outputPath);
            var entry = new TemplateRecordEntry
            {
                Template = relativeTemplate,
                Output = Relative(projectDirectory, outputFile),
                Format = format.ToString().ToLowerInvariant(),
                Schema = schemaPath is null ? null : Relative(projectDirectory, schemaPath),
                Hash = hash,
            };
            if (previous.TryGetValue(relativeTemplate, out var last) && last.Hash == hash && last.Status != TemplateRecordEntry.Failed && File.Exists(outputFile))
            {
                entry.Status = TemplateRecordEntry.Skipped;
            }
            else
            {
                if (format == TemplateFormat.Toml && schema is null) tomlTables ??= LoadTomlTableCache(tomlTablesFile);
                long missesBefore = tomlTables?.Misses ?? 0, hitsBefore = tomlTables?.Hits ?? 0;
                var result = TemplateValidator.Process(templateText, templatePath, format, variables, schema,
                    format == TemplateFormat.Toml ? tomlTables : null);
                if (tomlTables is not null && tomlTables.Misses + tomlTables.Hits > missesBefore + hitsBefore)
                    Log.LogMessage(MessageImportance.Low, "FlowForge template {0}: TOML tables checked {1}, reused {2}",
                        relativeTemplate, tomlTables.Misses - missesBefore, tomlTables.Hits - hitsBefore);
                foreach (var d in result.Diagnostics) Report(ToDiagnostic(d));
                entry.Errors = result.Diagnostics.Count(d => d.IsError);
                if (!result.Succeeded)
                {
                    entry.Status = TemplateRecordEntry.Failed;
                    entry.DurationMs = stopwatch.Elapsed.TotalMilliseconds;
                    record.Templates.Add(entry);
                    continue;
                }
                WriteIfChanged(outputFile, result.Output!);
                entry.Status = TemplateRecordEntry.Rendered;
            }
            entry.DurationMs = Math.Round(stopwatch.Elapsed.TotalMilliseconds, 3);
            record.Templates.Add(entry);
            Log.LogMessage(MessageImportance.Normal, "FlowForge template {0} -> {1}: {2}", relativeTemplate, entry.Output, entry.Status);

            written.Add(new TaskItem(outputFile));
            bool embedIt = string.Equals(item.GetMetadata("Embed"), "true", StringComparison.OrdinalIgnoreCase);
            var copyMode = item.GetMetadata("CopyToOutputDirectory");
            if (string.IsNullOrWhiteSpace(copyMode)) copyMode = embedIt ? "Never" : "PreserveNewest";
            if (!copyMode.Equals("Never", StringComparison.OrdinalIgnoreCase))
            {
                var copyItem = new TaskItem(outputFile);
                copyItem.SetMetadata("Link", outputPath);
                copyItem.SetMetadata("CopyToOutputDirectory", copyMode);
                copyItem.SetMetadata("FlowForgeTemplate", templatePath);
                copy.Add(copyItem);
            }
            if (embedIt)
            {
                var embedItem = new TaskItem(outputFile);
                embedItem.SetMetadata("Link", outputPath);
                embedItem.SetMetadata("WithCulture", "false");
                embedItem.SetMetadata("Type", "Non-Resx");
                var logicalName = item.GetMetadata("LogicalName");
                if (!string.IsNullOrWhiteSpace(logicalName)) embedItem.SetMetadata("LogicalName", logicalName);
                embedItem.SetMetadata("FlowForgeTemplate", templatePath);
                embed.Add(embedItem);
            }
        }

        try
        {
            Directory.CreateDirectory(stateDirectory);
            AtomicFile.WriteAllText(recordFile, record.ToJson());
            written.Add(new TaskItem(recordFile));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.LogMessage(MessageImportance.Normal, "FlowForge could not write {0}: {1}", recordFile, e.Message);
        }
        if (tomlTables is not null)
        {
            var problems = new List<FlowForge.Core.Diagnostics.Diagnostic>();
            if (tomlTables.Save(tomlTablesFile, problems, onlyUsed: true)) written.Add(new TaskItem(tomlTablesFile));
            foreach (var problem in problems) Report(problem);
        }
        CopyFiles = copy.ToArray();
        EmbedFiles = embed.ToArray();
        FilesWritten = written.ToArray();
    }

    /// <summary>File under the state folder holding per-table TOML check results (see IncrementalTomlValidator).</summary>
    public const string TomlTablesFileName = "toml-tables.json";

    private ChunkWorkCache<TomlTableCheck> LoadTomlTableCache(string path)
    {
        var problems = new List<FlowForge.Core.Diagnostics.Diagnostic>();
        var cache = IncrementalTomlValidator.LoadCache(path, problems);
        foreach (var problem in problems) Report(problem);
        return cache;
    }

    private static string Fingerprint(string templateText, TemplateVariables variables, string? schemaPath, TemplateFormat format, string outputPath)
    {
        var sb = new StringBuilder("flowforge-templates/v1\n");
        sb.Append(format).Append('\n').Append(outputPath).Append('\n');
        sb.Append(ContentHash.Of(templateText)).Append('\n');
        sb.Append(schemaPath is null ? "-" : ContentHash.OfFile(schemaPath).ToString()).Append('\n');
        sb.Append(variables.ToCanonicalText());
        return ContentHash.Of(sb.ToString()).ToString();
    }

    private static void WriteIfChanged(string path, string text)
    {
        var bytes = new UTF8Encoding(false).GetBytes(text);
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes)) return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteAllBytes(path, bytes);
    }

    private static string Relative(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }

    private static Diagnostic ToDiagnostic(TemplateDiagnostic d)
        => new(d.Code, d.IsError ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, d.Message, d.File, d.Line, d.Column);
}
