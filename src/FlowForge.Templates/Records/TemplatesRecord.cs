using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlowForge.Templates.Records;

/// <summary>
/// <c>templates.json</c> in the project's FlowForge state folder (obj/&lt;cfg&gt;/&lt;tfm&gt;/flowforge/): what the last build did
/// with each template. <see cref="TemplateRecordEntry.Hash"/> covers the template, its variables, its schema, the format
/// and the output path; an equal hash and an intact output mean the template is not rendered again
/// (<see cref="TemplateRecordEntry.Status"/> = "skipped: unchanged").
/// </summary>
public sealed class TemplatesRecord
{
    public const string FileName = "templates.json";
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; set; } = CurrentSchemaVersion;
    public DateTimeOffset BuiltAt { get; set; }
    public List<TemplateRecordEntry> Templates { get; set; } = new();

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Reads a record; null (never an exception) when missing, unreadable or of another schema version.</summary>
    public static TemplatesRecord? TryLoad(string path)
    {
        try
        {
            if (!File.Exists(path)) return null;
            var record = JsonSerializer.Deserialize<TemplatesRecord>(File.ReadAllText(path), Options);
            return record?.SchemaVersion == CurrentSchemaVersion ? record : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}

/// <summary>One template's outcome in <see cref="TemplatesRecord"/>.</summary>
public sealed class TemplateRecordEntry
{
    public const string Rendered = "rendered";
    public const string Skipped = "skipped: unchanged";
    public const string Failed = "failed";

    /// <summary>Template path relative to the project folder (full path when outside it).</summary>
    public string Template { get; set; } = "";
    /// <summary>Rendered file, relative to the project folder.</summary>
    public string Output { get; set; } = "";
    public string Format { get; set; } = "";
    public string? Schema { get; set; }
    public string Hash { get; set; } = "";
    /// <summary><see cref="Rendered"/>, <see cref="Skipped"/> or <see cref="Failed"/>.</summary>
    public string Status { get; set; } = "";
    public int Errors { get; set; }
    public double DurationMs { get; set; }
}
