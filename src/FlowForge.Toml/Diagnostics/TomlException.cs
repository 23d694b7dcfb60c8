namespace FlowForge.Toml;

/// <summary>
/// Thrown by <see cref="TomlDocument.ToModel"/> and <see cref="Toml.ToModel(string, string?, TomlParserOptions?)"/>
/// when the document has errors. Parsing itself never throws: use <see cref="Toml.Parse(string, string?, TomlParserOptions?)"/>
/// and inspect <see cref="TomlDocument.Diagnostics"/> to report problems without exceptions.
/// </summary>
public sealed class TomlException : Exception
{
    /// <summary>Creates the exception from the diagnostics of a document.</summary>
    public TomlException(IReadOnlyList<TomlDiagnostic> diagnostics)
        : base(BuildMessage(diagnostics))
    {
        Diagnostics = diagnostics;
    }

    /// <summary>All diagnostics of the document, errors first in source order.</summary>
    public IReadOnlyList<TomlDiagnostic> Diagnostics { get; }

    private static string BuildMessage(IReadOnlyList<TomlDiagnostic> diagnostics)
    {
        // The message lists every error in MSBuild form so that a log shows them without extra code.
        var errors = diagnostics.Where(d => d.IsError).Select(d => d.ToString());
        return "Invalid TOML:" + Environment.NewLine + string.Join(Environment.NewLine, errors);
    }
}
