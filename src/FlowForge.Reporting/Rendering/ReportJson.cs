using System.Text.Json;
using System.Text.Json.Serialization;
using FlowForge.Reporting.Model;

namespace FlowForge.Reporting.Rendering;

/// <summary><c>--format json</c>: the report model, camelCase, nulls left out (schema in docs/report.md).</summary>
public static class ReportJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // Source-generated metadata: no reflection, and much less to compile at start-up.
        TypeInfoResolver = ReportJsonContext.Default,
    };

    public static string Write(BuildReport report) => JsonSerializer.Serialize(report, Options);

    public static string Write(ReportComparison comparison) => JsonSerializer.Serialize(comparison, Options);
}

[JsonSerializable(typeof(BuildReport))]
[JsonSerializable(typeof(ReportComparison))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
