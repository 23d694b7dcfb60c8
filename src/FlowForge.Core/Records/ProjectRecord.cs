using System.Text.Json;
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
    /// <summary>The compile gate's decision and why (null when the gate did not run for this project).</summary>
    public CompileSection? Compile { get; set; }
    /// <summary>What the output cache did (null when the cache was off or not consulted).</summary>
    public CacheSection? Cache { get; set; }
    /// <summary>Project skip's decision for this project build (null when project skip did not run: off, design-time build).</summary>
    public ProjectSkipSection? ProjectSkip { get; set; }

    /// <summary>Values of <see cref="CompileSection.Decision"/>.</summary>
    public static class Decisions
    {
        /// <summary>The fingerprint matched the outputs in obj/: CoreCompile was skipped.</summary>
        public const string Skipped = "skipped";
        /// <summary>Outputs were restored from the cache: CoreCompile was skipped.</summary>
        public const string Restored = "restored";
        /// <summary>CoreCompile ran (the reasons say why).</summary>
        public const string Compiled = "compiled";
        /// <summary>The gate stood aside (FlowForgeCompileGate=false, SkipCompilerExecution, …): MSBuild decided alone.</summary>
        public const string NotGated = "not-gated";
    }

    public sealed class CompileSection
    {
        /// <summary>One of <see cref="Decisions"/>.</summary>
        public string Decision { get; set; } = "";
        /// <summary>Why, one short line each: "inputs changed: A.cs", "property Optimize: false → true",
        /// "reference Lib.dll changed", "no previous build", "outputs missing", "content unchanged", "non-deterministic …".</summary>
        public List<string> Reasons { get; set; } = new();
        /// <summary>True for a compile with Deterministic=false: gated like MSBuild's own no-op (unchanged inputs keep the
        /// previous outputs); its outputs stay in the local cache unless FlowForgeShareNonDeterministic=true.</summary>
        public bool? NonDeterministic { get; set; }
        /// <summary>SHA-256 of the complete fingerprint (hex).</summary>
        public string? Fingerprint { get; set; }
        /// <summary>The fingerprint recorded for the outputs before this build, if any.</summary>
        public string? PreviousFingerprint { get; set; }
        /// <summary>Properties whose value changed although no input content changed, in this build and the previous one:
        /// the build can never be a no-op (e.g. a timestamp in a version).</summary>
        public List<PropertyChange> VolatileProperties { get; set; } = new();
        /// <summary>Wall time of the gate (fingerprint + decision) in milliseconds.</summary>
        public double GateMs { get; set; }
    }

    public sealed class PropertyChange
    {
        public string Name { get; set; } = "";
        public string? Previous { get; set; }
        public string? Current { get; set; }
        /// <summary>The property (file, line) whose definition computes the changing value, when the repository's build
        /// files tell (e.g. "PreviewVersionSuffix (Directory.Build.props, line 7)" for a time-stamped VersionSuffix).</summary>
        public string? ComputedIn { get; set; }
    }

    public sealed class ProjectSkipSection
    {
        public const string SkippedDecision = "skipped";
        /// <summary>"skipped" (none of the project's build targets ran), "built" or "not-eligible".</summary>
        public string Decision { get; set; } = "";
        /// <summary>Why it built ("file changed: A.cs", "no previous build recorded", "outputs: bin/…/A.dll missing") or is
        /// not eligible ("target 'Stamp' in Directory.Build.targets"); empty for a skip.</summary>
        public List<string> Reasons { get; set; } = new();
        /// <summary>SHA-256 (hex) of the project fingerprint; null when not eligible.</summary>
        public string? Fingerprint { get; set; }
        /// <summary>Wall time of the decision (fingerprint, output check) in milliseconds.</summary>
        public double DecisionMs { get; set; }
        /// <summary>For a skip: how long the real build it replaces took (ms), if known; the report's "time saved".</summary>
        public double? BuildMsSaved { get; set; }
    }

    public sealed class CacheSection
    {
        /// <summary>"hit", "miss" or "stored" (a miss whose compile was then stored), or "off". With the background
        /// writer: "queued" until the writer has finished with the store, then "stored", "miss" (it could not store), or
        /// "dropped" (the end of the build's wait for the writer ran out first; nothing partial was published).</summary>
        public string Result { get; set; } = "";
        /// <summary>"memory", "local" or "remote" for a hit.</summary>
        public string? Source { get; set; }
        public long BytesRestored { get; set; }
        public long BytesStored { get; set; }
        /// <summary>Wall time spent in the cache (lookup, restore, store) in milliseconds.</summary>
        public double CacheMs { get; set; }
        /// <summary>For a hit: how long the original compile took (ms), if known; the report's "time saved".</summary>
        public double? CompileMsSaved { get; set; }
        /// <summary>Before a store: wall time (ms) of hashing every input again by content (part of <see cref="CacheMs"/>).</summary>
        public double? RecheckMs { get; set; }
        /// <summary>Background store: time (ms) it waited for the writer, and the writer's own time (ms) storing and
        /// uploading it; neither is part of <see cref="CacheMs"/>, which counts only the build's critical path.</summary>
        public double? StoreQueuedMs { get; set; }
        public double? StoreMs { get; set; }
        /// <summary>Bytes this store uploaded to the remote cache (blobs the server lacked).</summary>
        public long BytesUploaded { get; set; }
    }

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
        /// <summary>For a large input (at least FlowForgeLargeFileThreshold) modified since the previous build: the members
        /// (C# members, TOML tables, JSON members, XML elements) whose content changed; added ones start with '+', removed
        /// ones with '-'. Null when not a large input or when the previous version's member list was not available.</summary>
        public List<string>? ChangedMembers { get; set; }
    }

    public sealed class TimingsSection
    {
        /// <summary>Wall time of FlowForge's change detection for this project, in milliseconds.</summary>
        public double ChangeDetectionMs { get; set; }
        public int FilesHashed { get; set; }
        public long BytesHashed { get; set; }
    }

    public string ToJson() => JsonSerializer.Serialize(this, StateJsonWriteContext.Default.ProjectRecord);

    public void Save(string file) => AtomicFile.WriteAllText(file, ToJson());

    /// <returns>The record, or null with a reason when the file is missing or unreadable.</returns>
    public static ProjectRecord? TryLoad(string file, out string? error)
    {
        error = null;
        try
        {
            var record = JsonSerializer.Deserialize(File.ReadAllText(file), StateJsonContext.Default.ProjectRecord);
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
