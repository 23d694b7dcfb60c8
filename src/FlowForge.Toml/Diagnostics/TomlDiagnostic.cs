using System.Globalization;

namespace FlowForge.Toml;

/// <summary>
/// One problem found while parsing a TOML document, with its code (FF5xxx) and exact source position.
/// </summary>
public sealed class TomlDiagnostic
{
    /// <summary>Creates a diagnostic.</summary>
    public TomlDiagnostic(string code, string message, TomlDiagnosticSeverity severity, string? filePath, TomlPosition start, int length)
    {
        Code = code;
        Message = message;
        Severity = severity;
        FilePath = filePath;
        Start = start;
        Length = length;
    }

    /// <summary>The diagnostic code, one of <see cref="TomlDiagnosticCodes"/>.</summary>
    public string Code { get; }

    /// <summary>What is wrong and how to fix it.</summary>
    public string Message { get; }

    /// <summary>Error or warning.</summary>
    public TomlDiagnosticSeverity Severity { get; }

    /// <summary>The file the source came from, when the caller named one.</summary>
    public string? FilePath { get; }

    /// <summary>Where the problem starts.</summary>
    public TomlPosition Start { get; }

    /// <summary>Length in bytes of the offending source text (at least 1 unless at end of input).</summary>
    public int Length { get; }

    /// <summary>One-based line of <see cref="Start"/>.</summary>
    public int Line => Start.Line;

    /// <summary>One-based column of <see cref="Start"/> in UTF-16 characters.</summary>
    public int Column => Start.Column;

    /// <summary>Zero-based byte offset of <see cref="Start"/> into the UTF-8 source.</summary>
    public int Offset => Start.Offset;

    /// <summary>True for <see cref="TomlDiagnosticSeverity.Error"/>.</summary>
    public bool IsError => Severity == TomlDiagnosticSeverity.Error;

    /// <summary>
    /// Formats the diagnostic in the canonical MSBuild form <c>file(line,col): error FF5001: message</c>,
    /// which Visual Studio, VS Code and CI log parsers turn into clickable locations.
    /// </summary>
    public override string ToString()
    {
        string origin = FilePath ?? "<toml>";
        string kind = Severity == TomlDiagnosticSeverity.Error ? "error" : "warning";
        return string.Create(CultureInfo.InvariantCulture, $"{origin}({Line},{Column}): {kind} {Code}: {Message}");
    }
}
