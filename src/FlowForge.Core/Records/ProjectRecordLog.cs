using System.Text.Json;

namespace FlowForge.Core.Records;

/// <summary>
/// A <see cref="ProjectRecord"/> as one build-log message: a fixed prefix and the record's JSON. FlowForge's tasks log it
/// where they write the record, so a binlog carries each project's decision, reason, changed inputs and cache result
/// itself; <c>dotnet flowforge report</c> reads it from there (an archived binlog reads the same years later, whatever
/// later builds wrote to obj/).
/// </summary>
public static class ProjectRecordLog
{
    /// <summary>Not "FlowForge: " (the change-detection summary line that loggers count).</summary>
    public const string Prefix = "FlowForge record json: ";

    public static string Format(ProjectRecord record) => Prefix + record.ToJson();

    /// <returns>The record in <paramref name="message"/>, or null when the message is not one (or is damaged).</returns>
    public static ProjectRecord? TryParse(string message)
    {
        if (!message.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        try
        {
            return JsonSerializer.Deserialize(message.AsSpan(Prefix.Length), StateJsonContext.Default.ProjectRecord);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return null;
        }
    }
}
