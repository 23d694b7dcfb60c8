using System.Text.Json;
using System.Text.Json.Serialization;
using FlowForge.Core.Diagnostics;
using FlowForge.Core.Hashing;

namespace FlowForge.Git;

/// <summary>
/// A one-entry JSON cache of <see cref="GitInfo"/> keyed by <see cref="IdentityStamp"/>, so repeated IDE
/// builds skip the git CLI while HEAD, refs, index and config are unchanged. A corrupt or foreign file
/// is a miss, never an error. Staleness by design: editing a tracked file without touching the index
/// leaves the stamp unchanged, so a cached <see cref="GitInfo.IsDirty"/> can lag until the next
/// <c>git add</c>/<c>commit</c>/<c>status</c> in a process that refreshes the index. That is acceptable for design-time
/// builds; release builds should not pass a cache file.
/// </summary>
public static class GitInfoCache
{
    /// <summary>Reads the cache; returns the cached info (with <see cref="GitInfo.FromCache"/> set) when its key matches.</summary>
    /// <param name="path">The cache file.</param>
    /// <param name="stamp">The current identity stamp.</param>
    /// <param name="problem">Set when the file exists but is unreadable or corrupt.</param>
    public static GitInfo? TryLoad(string path, IdentityStamp stamp, out Diagnostic? problem)
    {
        problem = null;
        Entry? entry;
        try
        {
            if (!File.Exists(path)) return null;
            entry = JsonSerializer.Deserialize(File.ReadAllBytes(path), GitInfoJsonContext.Default.Entry);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            problem = new Diagnostic(GitDiagnosticCodes.CacheCorrupt, DiagnosticSeverity.Message,
                $"The git info cache is unreadable ({e.GetType().Name}); it is ignored and rewritten.", path);
            return null;
        }
        if (entry?.Info is null || entry.Key is null || entry.Schema != IdentityStamp.SchemaVersion)
        {
            if (entry is null || entry.Schema == IdentityStamp.SchemaVersion)
                problem = new Diagnostic(GitDiagnosticCodes.CacheCorrupt, DiagnosticSeverity.Message,
                    "The git info cache is incomplete; it is ignored and rewritten.", path);
            return null;
        }
        if (!string.Equals(entry.Key, stamp.Key, StringComparison.Ordinal)) return null;
        return entry.Info with { FromCache = true, Warnings = entry.Info.Warnings ?? new List<Diagnostic>() };
    }

    /// <summary>Writes the cache atomically (concurrent builds see the old or the new file). Returns false when it could not be written.</summary>
    public static bool Save(string path, IdentityStamp stamp, GitInfo info)
    {
        try
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(new Entry { Schema = IdentityStamp.SchemaVersion, Key = stamp.Key, Info = info }, GitInfoJsonContext.Default.Entry);
            AtomicFile.WriteAllBytes(path, bytes);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The file's shape.</summary>
    internal sealed class Entry
    {
        public int Schema { get; set; }
        public string? Key { get; set; }
        public GitInfo? Info { get; set; }
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GitInfoCache.Entry))]
internal sealed partial class GitInfoJsonContext : JsonSerializerContext;
