using System.Globalization;

namespace FlowForge.Templates;

/// <summary>Severity of a <see cref="TemplateDiagnostic"/>.</summary>
public enum TemplateSeverity { Warning, Error }

/// <summary>
/// One problem found in a template (or its schema or variables file), with a code from <see cref="TemplateDiagnosticCodes"/>
/// and a one-based line/column in <see cref="File"/>. <see cref="ToString"/> gives the MSBuild form that editors and CI annotate.
/// </summary>
public sealed record TemplateDiagnostic(string Code, TemplateSeverity Severity, string Message, string? File, int Line, int Column)
{
    public static TemplateDiagnostic Error(string code, string message, string? file, TemplatePosition position)
        => new(code, TemplateSeverity.Error, message, file, position.Line, position.Column);

    public bool IsError => Severity == TemplateSeverity.Error;

    /// <summary><c>file(line,col): error FF4xxx: message</c>.</summary>
    public override string ToString()
    {
        var kind = IsError ? "error" : "warning";
        var origin = File ?? "<template>";
        return Line > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{origin}({Line},{Column}): {kind} {Code}: {Message}")
            : $"{origin}: {kind} {Code}: {Message}";
    }
}

/// <summary>Thrown inside the engine to stop at the first syntax or render error; never escapes the public API.</summary>
internal sealed class TemplateErrorException(string code, string message, int offset) : Exception(message)
{
    public string Code { get; } = code;
    public int Offset { get; } = offset;
}
