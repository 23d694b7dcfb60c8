namespace FlowForge.Templates;

/// <summary>
/// Diagnostic codes of template validation (FF4xxx). Codes are stable: builds suppress and search by them.
/// Every diagnostic points at the template's own line and column (schema-file problems at the schema file).
/// </summary>
public static class TemplateDiagnosticCodes
{
    /// <summary>Template syntax error: an unclosed <c>{{</c>/<c>{%</c>/<c>{#</c>, an unexpected token, an unknown or misplaced tag
    /// (<c>elif</c> without <c>if</c>), or a block without its <c>endif</c>/<c>endfor</c>. Fix the template text at the position.</summary>
    public const string Syntax = "FF4001";

    /// <summary>An unknown filter, or a filter called with the wrong number of arguments. The message lists the filters that exist.</summary>
    public const string UnknownFilter = "FF4002";

    /// <summary>A variable (or a key of a table variable) that is not defined, found by the dry run over every branch,
    /// including branches not taken with the current variables. Define it (property list, variables file, item metadata),
    /// guard it with <c>is defined</c>, or give it a <c>| default(...)</c>.</summary>
    public const string UndefinedVariable = "FF4003";

    /// <summary>An expression failed while rendering: wrong type for an operation or filter, iterating over something that is
    /// not a list or table, an index out of range, or a list/table written directly instead of through <c>| toml</c>, <c>| json</c> or <c>| join</c>.</summary>
    public const string RenderError = "FF4004";

    /// <summary>The rendered output is not valid TOML; the position is the template text (or the <c>{{</c> of the expression) that produced the error.
    /// Quote substituted strings with <c>| toml</c>.</summary>
    public const string InvalidTomlOutput = "FF4005";

    /// <summary>The rendered output is not valid JSON; the position is the template text (or the <c>{{</c> of the expression) that produced the error.
    /// Quote substituted strings with <c>| json</c>.</summary>
    public const string InvalidJsonOutput = "FF4006";

    /// <summary>Schema: a required key is missing from the rendered output. Points at the table that should contain it
    /// (the start of the template for top-level keys).</summary>
    public const string SchemaRequiredKey = "FF4007";

    /// <summary>Schema: a key's value has the wrong type (e.g. a string where the schema says integer).</summary>
    public const string SchemaType = "FF4008";

    /// <summary>Schema: a value is not one of the allowed values (<c>enum</c>).</summary>
    public const string SchemaEnum = "FF4009";

    /// <summary>Schema: a string value does not match the key's regular expression (<c>pattern</c>).</summary>
    public const string SchemaPattern = "FF4010";

    /// <summary>Schema: a number is outside <c>min</c>/<c>max</c>, or a string/array length is outside them.</summary>
    public const string SchemaRange = "FF4011";

    /// <summary>Schema: a key the schema does not list, when the schema sets <c>additionalKeys = false</c>.</summary>
    public const string SchemaUnknownKey = "FF4012";

    /// <summary>The schema file itself is invalid (not TOML, unknown type name, bad regex, unknown property). Points at the schema file.</summary>
    public const string InvalidSchema = "FF4013";

    /// <summary>The variables file is invalid TOML or cannot be read. Points at the variables file.</summary>
    public const string InvalidVariablesFile = "FF4014";

    /// <summary>A template, schema or output file cannot be read or written (I/O error, missing file).</summary>
    public const string FileError = "FF4015";

    /// <summary>Two templates render to the same output path.</summary>
    public const string DuplicateOutput = "FF4016";
}
