using FlowForge.Templates.Values;

namespace FlowForge.Templates.Validation;

/// <summary>The outcome of <see cref="TemplateValidator.Process"/>: the rendered output (null when rendering failed) and all diagnostics.</summary>
public sealed record TemplateResult(string? Output, IReadOnlyList<TemplateDiagnostic> Diagnostics)
{
    public bool Succeeded => Output is not null && !Diagnostics.Any(d => d.IsError);
}

/// <summary>
/// The whole check of one template, in order; each step runs only when the previous ones found no error:
/// 1. syntax (FF4001, FF4002); 2. dry run over every branch (FF4003); 3. render (FF4003, FF4004);
/// 4. parse the output as TOML/JSON (FF4005/FF4006), mapped back to the template; 5. schema (FF4007–FF4012) at the template
/// position of the offending key's definition.
/// </summary>
public static class TemplateValidator
{
    public static TemplateResult Process(string templateText, string? templatePath, TemplateFormat format, TemplateVariables variables, TemplateSchema? schema = null,
        FlowForge.Chunking.ChunkWorkCache<TomlTableCheck>? tomlTables = null)
        => Process(Template.Parse(templateText, templatePath), format, variables, schema, tomlTables);

    /// <param name="tomlTables">For TOML outputs without a schema: per-table results of earlier validations
    /// (<see cref="IncrementalTomlValidator"/>), so only changed tables are parsed again. Diagnostics are the same either way.</param>
    public static TemplateResult Process(Template template, TemplateFormat format, TemplateVariables variables, TemplateSchema? schema = null,
        FlowForge.Chunking.ChunkWorkCache<TomlTableCheck>? tomlTables = null)
    {
        if (template.HasErrors) return new TemplateResult(null, template.Diagnostics);
        var undefined = template.Analyze(variables);
        if (undefined.Count > 0) return new TemplateResult(null, undefined);
        var rendered = template.Render(variables);
        if (!rendered.Succeeded) return new TemplateResult(null, rendered.Diagnostics);
        var output = rendered.Output!;
        var map = rendered.Map!;
        TemplateDiagnostic At(string code, int outputOffset, string message)
            => TemplateDiagnostic.Error(code, message, template.Path,
                outputOffset < 0 ? new TemplatePosition(0, 1, 1) : template.PositionOf(map.ToTemplateOffset(outputOffset)));

        DocumentValue? document = null;
        switch (format)
        {
            case TemplateFormat.Toml:
                // Without a schema nothing needs the document model: a per-table check that says "valid" is the whole answer.
                if (schema is null && tomlTables is not null && IncrementalTomlValidator.IsValid(output, tomlTables))
                    return new TemplateResult(output, Array.Empty<TemplateDiagnostic>());
                document = OutputParser.ParseToml(output, out var tomlAt, out var tomlError);
                if (document is null)
                    return new TemplateResult(output, [At(TemplateDiagnosticCodes.InvalidTomlOutput, tomlAt, $"The rendered output is not valid TOML: {System.Text.RegularExpressions.Regex.Replace(tomlError ?? "", @" \(first defined at line \d+, column \d+\)", "")}")]);
                break;
            case TemplateFormat.Json:
                document = OutputParser.ParseJson(output, out var jsonAt, out var jsonError);
                if (document is null)
                    return new TemplateResult(output, [At(TemplateDiagnosticCodes.InvalidJsonOutput, jsonAt, $"The rendered output is not valid JSON: {jsonError}")]);
                break;
        }
        if (schema is null || document is null) return new TemplateResult(output, Array.Empty<TemplateDiagnostic>());
        var problems = SchemaValidator.Validate(document, schema);
        var schemaName = schema.Path is null ? "the schema" : Path.GetFileName(schema.Path);
        return new TemplateResult(output, problems.Select(p => At(p.Code, p.Offset, $"{p.Message} ({schemaName})")).ToList());
    }
}
