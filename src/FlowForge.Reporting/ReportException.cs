namespace FlowForge.Reporting;

/// <summary>A user-facing failure of the report with its FF8xxx code; the tool prints it as one line, never a stack trace.</summary>
public sealed class ReportException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    public override string ToString() => $"error {Code}: {Message}";
}
