using System.Text.Json;
using System.Text.Json.Serialization;
using FlowForge.Core.Hashing;

namespace FlowForge.Core.Records;

/// <summary>
/// What FlowForge did for one project (one target framework) in its last build. Written as JSON to
/// <c>obj/…/flowforge/record.json</c>; read by <c>dotnet flowforge changes</c> and <c>report</c>.
/// The fields are documented in docs/records.md; add fields, never change their meaning.
/// </summary>
public sealed class ProjectRecord
{
    public const int CurrentSchema = 1;
    public const string FileName = "record.json";

    public int Schema { get; set; } = CurrentSchema;
    /// <summary>Full path of the project file.</summary>
    public string Project { get; set; } = "";
    public string? TargetFramework { get; set; }
    public string? Configuration { get; set; }
    public DateTimeOffset BuiltAtUtc { get; set; }
    /// <summary>The one-line explanation also logged in the build ("2 of 48 inputs changed (A.cs, B.cs)").</summary>
    public string Summary { get; set; } = "";
    public InputsSection Inputs { get; set; } = new();
    public TimingsSection Timings { get; set; } = new();
    /// <summary>Codes of the warnings FlowForge reported for this project in this build.</summary>
    public List<string> Diagnostics { get; set; } = new();

    public sealed class InputsSection
    {
        public int Count { get; set; }
        public bool FirstBuild { get; set; }
        public int TimestampOnly { get; set; }
        public List<ChangedInput> Changed { get; set; } = new();
    }

    public sealed class ChangedInput
    {
        /// <summary>Relative to the project folder when inside it, else full.</summary>
        public string Path { get; set; } = "";
        public string Kind { get; set; } = "";
        /// <summary>Added, Modified or Removed.</summary>
        public string Change { get; set; } = "";
    }

    public sealed class TimingsSection
    {
        /// <summary>Wall time of FlowForge's change detection for this project, in milliseconds.</summary>
        public double ChangeDetectionMs { get; set; }
        public int FilesHashed { get; set; }
        public long BytesHashed { get; set; }
    }

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public void Save(string file) => AtomicFile.WriteAllText(file, ToJson());

    /// <returns>The record, or null with a reason when the file is missing or unreadable.</returns>
    public static ProjectRecord? TryLoad(string file, out string? error)
    {
        error = null;
        try
        {
            var record = JsonSerializer.Deserialize<ProjectRecord>(File.ReadAllText(file), Options);
            if (record is null) error = "empty record";
            return record;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            error = e.Message;
            return null;
        }
    }

    /// <summary>Finds the records of every project built under <paramref name="root"/> (their obj/ folders).</summary>
    public static IEnumerable<string> FindRecordFiles(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        return Directory.EnumerateFiles(root, FileName, options)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "flowforge" && f.Replace('\\', '/').Contains("/obj/"))
            .OrderBy(f => f, StringComparer.Ordinal);
    }
}
