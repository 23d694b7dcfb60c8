using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlowForge.Tool.Commands;

/// <summary>One JSON style for every --json output: camelCase, indented, nulls left out.</summary>
internal static class ToolJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
