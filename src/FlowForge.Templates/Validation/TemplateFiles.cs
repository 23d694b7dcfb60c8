using FlowForge.Templates.Values;

namespace FlowForge.Templates.Validation;

/// <summary>Validates template files from disk, the way the build and <c>dotnet flowforge validate</c> do; shared by both.</summary>
public static class TemplateFiles
{
    /// <summary>
    /// Reads, renders and validates one template. <paramref name="schemaPath"/> null means the conventional
    /// <c>name.schema.toml</c> next to the template, if any; <paramref name="format"/> null means inferred from the name.
    /// </summary>
    public static TemplateResult Validate(string templatePath, TemplateVariables variables, string? schemaPath = null, TemplateFormat? format = null,
        IDictionary<string, TemplateSchema?>? schemaCache = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(templatePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new TemplateResult(null, [new TemplateDiagnostic(TemplateDiagnosticCodes.FileError, TemplateSeverity.Error, $"Cannot read the template: {e.Message}", templatePath, 0, 0)]);
        }
        var outputName = TemplateConventions.DefaultOutputName(Path.GetFileName(templatePath));
        var schema = LoadSchema(schemaPath ?? TemplateConventions.FindConventionalSchema(templatePath), schemaCache, out var schemaDiagnostics);
        if (schemaDiagnostics.Count > 0) return new TemplateResult(null, schemaDiagnostics);
        return TemplateValidator.Process(text, templatePath, format ?? TemplateConventions.InferFormat(outputName), variables, schema);
    }

    /// <summary>Loads a schema (null path: none); a cache shares one parsed schema between templates.</summary>
    public static TemplateSchema? LoadSchema(string? schemaPath, IDictionary<string, TemplateSchema?>? cache, out List<TemplateDiagnostic> diagnostics)
    {
        diagnostics = new List<TemplateDiagnostic>();
        if (string.IsNullOrEmpty(schemaPath)) return null;
        var full = Path.GetFullPath(schemaPath);
        if (cache is not null && cache.TryGetValue(full, out var cached) && cached is not null) return cached;
        if (!File.Exists(full))
        {
            diagnostics.Add(new TemplateDiagnostic(TemplateDiagnosticCodes.FileError, TemplateSeverity.Error,
                $"The schema file '{schemaPath}' does not exist; fix the template's Schema metadata.", schemaPath, 0, 0));
            return null;
        }
        var schema = TemplateSchema.Load(full, diagnostics);
        if (cache is not null && schema is not null) cache[full] = schema;
        return schema;
    }

    /// <summary>Template files under a folder matching the default globs (<c>**/*.toml.tera</c>, <c>**/*.json.tera</c>), skipping bin/, obj/ and dot-folders; sorted.</summary>
    public static IReadOnlyList<string> Discover(string root)
    {
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            IEnumerable<string> files, dirs;
            try
            {
                files = Directory.EnumerateFiles(dir);
                dirs = Directory.EnumerateDirectories(dir);
                foreach (var file in files)
                {
                    var name = Path.GetFileName(file);
                    if (name.EndsWith(".toml.tera", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".json.tera", StringComparison.OrdinalIgnoreCase))
                        found.Add(file);
                }
                foreach (var sub in dirs)
                {
                    var name = Path.GetFileName(sub);
                    if (name is "bin" or "obj" or "node_modules" || name.StartsWith('.')) continue;
                    pending.Push(sub);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        found.Sort(StringComparer.Ordinal);
        return found;
    }
}
