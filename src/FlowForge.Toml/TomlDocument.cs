namespace FlowForge.Toml;

/// <summary>
/// The result of <see cref="Toml.Parse(string, string?, TomlParserOptions?)"/>: the diagnostics and, when there
/// are no errors, the model. Syntax errors stop the parse at the first one (later errors would only echo it);
/// semantic errors such as duplicate keys are all collected.
/// </summary>
public sealed class TomlDocument
{
    private readonly TomlTable _root;

    internal TomlDocument(TomlTable root, IReadOnlyList<TomlDiagnostic> diagnostics, string? sourcePath)
    {
        _root = root;
        Diagnostics = diagnostics;
        SourcePath = sourcePath;
        HasErrors = diagnostics.Any(d => d.IsError);
    }

    /// <summary>The path given to the parser, used as the origin of diagnostics.</summary>
    public string? SourcePath { get; }

    /// <summary>Errors and warnings in source order; empty for a valid document.</summary>
    public IReadOnlyList<TomlDiagnostic> Diagnostics { get; }

    /// <summary>True when at least one diagnostic is an error.</summary>
    public bool HasErrors { get; }

    /// <summary>Returns the root table; throws <see cref="TomlException"/> carrying the diagnostics when the document has errors.</summary>
    public TomlTable ToModel()
    {
        if (HasErrors)
        {
            throw new TomlException(Diagnostics);
        }

        return _root;
    }

    /// <summary>Returns the root table without throwing; false (and null) when the document has errors.</summary>
    public bool TryGetModel([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TomlTable? model)
    {
        model = HasErrors ? null : _root;
        return model != null;
    }
}
