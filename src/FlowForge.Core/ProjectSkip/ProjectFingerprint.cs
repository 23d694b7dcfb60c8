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

    /// <summary>The stat data of each file <see cref="Compute"/> read (missing ones too), as it was when its hash was
    /// taken, and when the computation began (UTC ticks, before the first stat): what <see cref="FilesStillAsComputed"/>
    /// compares with. Empty for a fingerprint made from components.</summary>
    public IReadOnlyDictionary<string, FileStatus> FileStatuses { get; private init; } = System.Collections.ObjectModel.ReadOnlyDictionary<string, FileStatus>.Empty;
    public long ComputedTicksUtc { get; private init; }
    private bool _anyUnreadable;

    public ProjectFingerprint(SortedDictionary<string, string> components)
    {
        Components = components;
        using var hasher = new ContentHasher();
        hasher.Add("flowforge-project-skip-v1");
        foreach (var (key, value) in components) hasher.Add(key).Add(value);
        Value = hasher.Finish().ToString();
    }

    /// <summary>Computes the fingerprint. Unreadable files make a component "unreadable:…" (never equal to a recorded hash).</summary>
    /// <param name="utcNowTicks">The clock (tests); the computation's start is the racy-window reference.</param>
    public static ProjectFingerprint Compute(ProjectSkipInputs inputs, StatCache statCache, Func<long>? utcNowTicks = null)
    {
        long started = utcNowTicks?.Invoke() ?? DateTime.UtcNow.Ticks;
        var components = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var statuses = new Dictionary<string, FileStatus>(StatCache.PathComparer);
        foreach (var file in inputs.Files) AddFile(components, statuses, file.Path, statCache);
        foreach (var file in ConeFiles(inputs)) AddFile(components, statuses, file, statCache);
        foreach (var candidate in AnalyzerConfigCandidates(inputs.AnalyzerConfigSearchDirectories))
            AddFile(components, statuses, candidate, statCache);
        foreach (var list in inputs.ItemLists)
        {
            using var hasher = new ContentHasher();
            foreach (var item in list.Items) hasher.Add(item);
            components["items:" + list.ItemType] = hasher.Finish().ToString();
        }
        foreach (var (name, value) in inputs.Values) components["value:" + name] = ContentHash.Of(value).ToString();
        foreach (var reference in inputs.References)
            components["reference:" + reference.Project] = reference.Fingerprint ?? "none";
        return new ProjectFingerprint(components)
        {
            FileStatuses = statuses,
            ComputedTicksUtc = started,
            _anyUnreadable = components.Values.Any(v => v.StartsWith(Unreadable, StringComparison.Ordinal)),
        };
    }

    private const string Unreadable = "unreadable:";

    /// <summary>
    /// True when every file this fingerprint read is still the file it read, without computing the fingerprint again:
    /// each has exactly the stat data it had (size, mtime and ctime at full precision, inode, device; a missing file still
    /// missing), and where that cannot vouch (changed within the racy window before the computation, as the outputs of a
    /// referenced project built a moment earlier, or no file identity on this platform) its content still gives the hash
    /// it gave. False means "compute again", never "changed". Items and values are not files: they come from the
    /// project's evaluation, which one build does not change. A file that appeared since (in a cone folder) is not seen
    /// here; the next build's fingerprint has it, differs, and builds.
    /// </summary>
    public bool FilesStillAsComputed()
    {
        if (_anyUnreadable) return false;
        foreach (var (path, then) in FileStatuses)
        {
            var now = FileStatus.Of(path);
            if (now != then) return false;
            if (!then.Exists) continue;
            if (then.Identity.IsKnown && ComputedTicksUtc - then.LatestChangeTicksUtc >= StatCache.RacyWindow.Ticks) continue;
            string hash;
            try { hash = ContentHash.OfFile(path).ToString(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
            if (!Components.TryGetValue("file:" + path, out var computed) || computed != hash) return false;
        }
        return true;
    }

    private static void AddFile(SortedDictionary<string, string> components, Dictionary<string, FileStatus> statuses, string path, StatCache statCache)
    {
        if (string.IsNullOrEmpty(path)) return;
        var key = "file:" + path;
        if (components.ContainsKey(key)) return;
        var status = FileStatus.Of(path);
        statuses[path] = status;
        if (!status.Exists)
        {
            // A listed file that does not exist is an input too: its appearing later must change the fingerprint.
            components[key] = MissingFile;
            return;
        }
        try { components[key] = statCache.GetHash(path, status).ToString(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            components[key] = Unreadable + Guid.NewGuid().ToString("N");
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
