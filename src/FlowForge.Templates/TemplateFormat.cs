namespace FlowForge.Templates;

/// <summary>What a template renders: the output is validated as TOML or JSON; text is not validated.</summary>
public enum TemplateFormat { Text, Toml, Json }

/// <summary>Naming conventions shared by the MSBuild task and <c>dotnet flowforge validate</c>.</summary>
public static class TemplateConventions
{
    public const string Extension = ".tera";

    /// <summary>The default include globs, relative to the project folder.</summary>
    public static IReadOnlyList<string> DefaultGlobs { get; } = ["**/*.toml.tera", "**/*.json.tera"];

    /// <summary><c>app.toml.tera</c> → <c>app.toml</c>; a name without <c>.tera</c> gets <c>.out</c> appended.</summary>
    public static string DefaultOutputName(string templateFileName)
        => templateFileName.EndsWith(Extension, StringComparison.OrdinalIgnoreCase)
            ? templateFileName[..^Extension.Length]
            : templateFileName + ".out";

    /// <summary>Infers the format from the output name's extension (<c>.toml</c>, <c>.json</c>, else text).</summary>
    public static TemplateFormat InferFormat(string outputName)
    {
        if (outputName.EndsWith(".toml", StringComparison.OrdinalIgnoreCase)) return TemplateFormat.Toml;
        if (outputName.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return TemplateFormat.Json;
        return TemplateFormat.Text;
    }

    /// <summary>Parses a <c>Format</c> value (toml/json/text, any case); empty means infer from the output name.</summary>
    public static bool TryParseFormat(string? value, string outputName, out TemplateFormat format)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "": format = InferFormat(outputName); return true;
            case "toml": format = TemplateFormat.Toml; return true;
            case "json": format = TemplateFormat.Json; return true;
            case "text" or "txt": format = TemplateFormat.Text; return true;
            default: format = TemplateFormat.Text; return false;
        }
    }

    /// <summary>The schema used when none is given: <c>app.schema.toml</c> next to <c>app.toml.tera</c> (or <c>app.json.tera</c>), if it exists.</summary>
    public static string? FindConventionalSchema(string templatePath)
    {
        var output = DefaultOutputName(Path.GetFileName(templatePath));
        var stem = Path.GetFileNameWithoutExtension(output);
        var candidate = Path.Combine(Path.GetDirectoryName(templatePath) ?? ".", stem + ".schema.toml");
        return File.Exists(candidate) ? candidate : null;
    }
}
