using FlowForge.Core.Hashing;

namespace FlowForge.Core.ProjectSkip;

/// <summary>
/// The project-level fingerprint: one hash per component ("file:…", "items:Compile", "value:…", "reference:…") and the
/// hash of all of them. Components are kept (not only the total) so that a mismatch can say what changed. File
/// components hash content through the stat cache: a touched file with the same content leaves the fingerprint equal.
/// </summary>
public sealed class ProjectFingerprint
{
    public const string MissingFile = "missing";

    public SortedDictionary<string, string> Components { get; }
    public string Value { get; }

    public ProjectFingerprint(SortedDictionary<string, string> components)
    {
        Components = components;
        using var hasher = new ContentHasher();
        hasher.Add("flowforge-project-skip-v1");
        foreach (var (key, value) in components) hasher.Add(key).Add(value);
        Value = hasher.Finish().ToString();
    }

    /// <summary>Computes the fingerprint. Unreadable files make a component "unreadable:…" (never equal to a recorded hash).</summary>
    public static ProjectFingerprint Compute(ProjectSkipInputs inputs, StatCache statCache)
    {
        var components = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in inputs.Files) AddFile(components, file.Path, statCache);
        foreach (var file in ConeFiles(inputs)) AddFile(components, file, statCache);
        foreach (var candidate in AnalyzerConfigCandidates(inputs.AnalyzerConfigSearchDirectories))
            AddFile(components, candidate, statCache);
        foreach (var list in inputs.ItemLists)
        {
            using var hasher = new ContentHasher();
            foreach (var item in list.Items) hasher.Add(item);
            components["items:" + list.ItemType] = hasher.Finish().ToString();
        }
        foreach (var (name, value) in inputs.Values) components["value:" + name] = ContentHash.Of(value).ToString();
        foreach (var reference in inputs.References)
            components["reference:" + reference.Project] = reference.Fingerprint ?? "none";
        return new ProjectFingerprint(components);
    }

    private static void AddFile(SortedDictionary<string, string> components, string path, StatCache statCache)
    {
        if (string.IsNullOrEmpty(path)) return;
        var key = "file:" + path;
        if (components.ContainsKey(key)) return;
        var status = FileStatus.Of(path);
        if (!status.Exists)
        {
            // A listed file that does not exist is an input too: its appearing later must change the fingerprint.
            components[key] = MissingFile;
            return;
        }
        try { components[key] = statCache.GetHash(path, status).ToString(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            components[key] = "unreadable:" + Guid.NewGuid().ToString("N");
        }
    }

    /// <summary>Every file under the cone folders, except excluded and hidden folders; sorted.</summary>
    public static IEnumerable<string> ConeFiles(ProjectSkipInputs inputs)
    {
        var excluded = inputs.ExcludedDirectories.Select(Normalize).ToList();
        var files = new List<string>();
        foreach (var root in inputs.ConeDirectories.Select(Normalize).Distinct(StatCache.PathComparer))
            Collect(root, excluded, files);
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static void Collect(string directory, List<string> excluded, List<string> files)
    {
        if (!Directory.Exists(directory)) return;
        var options = new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var file in Directory.EnumerateFiles(directory, "*", options)) files.Add(file);
        foreach (var sub in Directory.EnumerateDirectories(directory, "*", options))
        {
            var name = Path.GetFileName(sub);
            if (name.StartsWith('.')) continue;
            var normalized = Normalize(sub);
            if (excluded.Any(e => StatCache.PathComparer.Equals(e, normalized))) continue;
            Collect(sub, excluded, files);
        }
    }

    /// <summary>.editorconfig and .globalconfig in each search folder and every folder above it.</summary>
    public static IEnumerable<string> AnalyzerConfigCandidates(IEnumerable<string> searchDirectories)
    {
        var seen = new HashSet<string>(StatCache.PathComparer);
        foreach (var start in searchDirectories)
        {
            for (var dir = Normalize(start); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
            {
                if (!seen.Add(dir)) break; // the folders above were walked already
                yield return Path.Combine(dir, ".editorconfig");
                yield return Path.Combine(dir, ".globalconfig");
            }
        }
    }

    private static string Normalize(string directory) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
}
