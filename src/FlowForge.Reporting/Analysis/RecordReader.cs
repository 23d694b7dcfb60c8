using System.Text.Json;
using FlowForge.Core.Records;
using FlowForge.Reporting.Model;

namespace FlowForge.Reporting.Analysis;

/// <summary>Reads a project's FlowForge record and turns it into the report's view of it.</summary>
internal static class RecordReader
{
    /// <summary>Records written more than this long outside the build's time span belong to another build.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1);

    /// <param name="loggedLine">The "FlowForge: …" line this build logged for the project: a record whose summary differs
    /// was written by another (later) build and is not used.</param>
    public static ProjectRecord? Load(string file, DateTime? buildStartUtc, double buildMs, string? loggedLine, List<string> warnings,
        out Dictionary<string, List<string>> changedMembers)
    {
        changedMembers = new(StringComparer.Ordinal);
        if (!File.Exists(file)) return null;
        var record = ProjectRecord.TryLoad(file, out var error);
        if (record is null)
        {
            warnings.Add($"warning {ReportDiagnosticCodes.UnreadableRecord}: FlowForge record '{file}' is unreadable ({error}); build the project again to rewrite it.");
            return null;
        }
        if (buildStartUtc is { } start)
        {
            var built = record.BuiltAtUtc.UtcDateTime;
            if (built < start - Slack || built > start.AddMilliseconds(buildMs) + Slack) return null; // written by another build
        }
        if (loggedLine is not null && !string.Equals(loggedLine, record.Summary, StringComparison.Ordinal)) return null;
        changedMembers = ReadChangedMembers(file);
        return record;
    }

    /// <summary><c>inputs.changed[].changedMembers</c> (large files split into chunks), read without depending on the record type having it.</summary>
    private static Dictionary<string, List<string>> ReadChangedMembers(string file)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            if (!document.RootElement.TryGetProperty("inputs", out var inputs) || !inputs.TryGetProperty("changed", out var changed) || changed.ValueKind != JsonValueKind.Array) return result;
            foreach (var item in changed.EnumerateArray())
            {
                if (item.TryGetProperty("path", out var path) && item.TryGetProperty("changedMembers", out var members) && members.ValueKind == JsonValueKind.Array)
                    result[path.GetString() ?? ""] = members.EnumerateArray().Select(m => m.GetString() ?? "").Where(m => m.Length > 0).ToList();
            }
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
        }
        return result;
    }

    public static FlowForgeProject ToReport(ProjectRecord record, Dictionary<string, List<string>> changedMembers) => new()
    {
        Summary = record.Summary,
        FirstBuild = record.Inputs.FirstBuild,
        Inputs = record.Inputs.Count,
        Changed = record.Inputs.Changed.Select(c => new ChangedFile
        {
            Path = c.Path, Kind = c.Kind, Change = c.Change,
            ChangedMembers = changedMembers.TryGetValue(c.Path, out var m) && m.Count > 0 ? m : null,
        }).ToList(),
        Decision = record.Compile?.Decision,
        Reasons = record.Compile?.Reasons.ToList() ?? new List<string>(),
        Fingerprint = record.Compile?.Fingerprint,
        CacheResult = record.Cache?.Result,
        CacheSource = record.Cache?.Source,
        BytesRestored = record.Cache?.BytesRestored ?? 0,
        CompileMsSaved = record.Cache?.CompileMsSaved,
    };
}
