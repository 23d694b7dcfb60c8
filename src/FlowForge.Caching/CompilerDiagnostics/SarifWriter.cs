using System.Text.Json;

namespace FlowForge.Caching;

/// <summary>
/// Writes diagnostics as a minimal SARIF 2.1 log, the form <see cref="SarifReader"/> reads: one run, a rule per code
/// (with its <c>helpUri</c>), a result per diagnostic (<c>ruleId</c>, <c>ruleIndex</c>, <c>level</c>, <c>message.text</c>,
/// the file as an absolute file URI and its region). Used by FlowForge's compiler wrapper, which keeps the warnings Csc
/// logged instead of asking the compiler for <c>/errorlog</c>: that switch makes Roslyn run every analyzer that reports
/// only Info diagnostics and time each analyzer, work a command-line build otherwise skips.
/// </summary>
public static class SarifWriter
{
    /// <summary>The log's bytes. Files must be full paths (or null for a diagnostic without a location).</summary>
    public static byte[] Write(IReadOnlyList<CompilerDiagnostic> diagnostics, string toolName = "FlowForge compiler warning capture")
    {
        var rules = new List<CompilerDiagnostic>();
        var ruleIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var diagnostic in diagnostics)
        {
            if (ruleIndex.ContainsKey(diagnostic.Code)) continue;
            ruleIndex[diagnostic.Code] = rules.Count;
            rules.Add(diagnostic);
        }

        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            writer.WriteString("version", "2.1.0");
            writer.WriteStartArray("runs");
            writer.WriteStartObject();
            writer.WriteStartObject("tool");
            writer.WriteStartObject("driver");
            writer.WriteString("name", toolName);
            writer.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                writer.WriteStartObject();
                writer.WriteString("id", rule.Code);
                if (!string.IsNullOrEmpty(rule.HelpLink)) writer.WriteString("helpUri", rule.HelpLink);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();

            writer.WriteStartArray("results");
            foreach (var diagnostic in diagnostics)
            {
                writer.WriteStartObject();
                writer.WriteString("ruleId", diagnostic.Code);
                writer.WriteNumber("ruleIndex", ruleIndex[diagnostic.Code]);
                writer.WriteString("level", diagnostic.Severity switch
                {
                    CompilerDiagnosticSeverity.Error => "error",
                    CompilerDiagnosticSeverity.Warning => "warning",
                    _ => "note",
                });
                writer.WriteStartObject("message");
                writer.WriteString("text", diagnostic.Message);
                writer.WriteEndObject();
                if (!string.IsNullOrEmpty(diagnostic.File))
                {
                    writer.WriteStartArray("locations");
                    writer.WriteStartObject();
                    writer.WriteStartObject("physicalLocation");
                    writer.WriteStartObject("artifactLocation");
                    writer.WriteString("uri", new Uri(Path.GetFullPath(diagnostic.File)).AbsoluteUri);
                    writer.WriteEndObject();
                    if (diagnostic.Line > 0)
                    {
                        writer.WriteStartObject("region");
                        writer.WriteNumber("startLine", diagnostic.Line);
                        if (diagnostic.Column > 0) writer.WriteNumber("startColumn", diagnostic.Column);
                        if (diagnostic.EndLine > 0) writer.WriteNumber("endLine", diagnostic.EndLine);
                        if (diagnostic.EndColumn > 0) writer.WriteNumber("endColumn", diagnostic.EndColumn);
                        writer.WriteEndObject();
                    }
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    writer.WriteEndArray();
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
