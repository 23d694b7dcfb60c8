namespace FlowForge.Core.Diagnostics;

public enum DiagnosticSeverity { Message, Warning, Error }

/// <summary>
/// A finding the libraries report instead of throwing: tasks turn it into an MSBuild warning/error
/// with its code, the tool prints it. <see cref="File"/>/<see cref="Line"/>/<see cref="Column"/> are
/// 1-based and optional; they give the MSBuild form <c>file(line,col): warning FFnnnn: message</c>.
/// </summary>
public sealed record Diagnostic(string Code, DiagnosticSeverity Severity, string Message, string? File = null, int Line = 0, int Column = 0)
{
    public static Diagnostic Warning(string code, string message, string? file = null) => new(code, DiagnosticSeverity.Warning, message, file);
    public static Diagnostic Error(string code, string message, string? file = null, int line = 0, int column = 0) => new(code, DiagnosticSeverity.Error, message, file, line, column);

    public override string ToString()
    {
        var location = File is null ? "" : Line > 0 ? $"{File}({Line},{Column}): " : $"{File}: ";
        var severity = Severity switch { DiagnosticSeverity.Error => "error", DiagnosticSeverity.Warning => "warning", _ => "message" };
        return $"{location}{severity} {Code}: {Message}";
    }
}
