using FlowForge.Core.Hashing;

namespace FlowForge.Core.ProjectSkip;

/// <summary>One file a build left in bin/ or obj/: where, its stat data and its content hash.</summary>
public sealed class OutputFileIdentity
{
    /// <summary>Full path.</summary>
    public string Path { get; set; } = "";
    public long Length { get; set; }
    public long LastWriteTicksUtc { get; set; }
    /// <summary>SHA-256 (hex) of the content.</summary>
    public string Hash { get; set; } = "";
}

/// <summary>
/// The identity of every file in a project's output folders (bin/…/tfm/ and obj/…/tfm/, FlowForge's state folder
/// excluded), taken after a successful build, and the check that they are still what that build left: same set of
/// files; for each, the same size and time, or else the same content (a touched output with the same bytes is intact).
/// </summary>
public static class OutputSnapshot
{
    public static List<OutputFileIdentity> Take(IEnumerable<string> directories, IEnumerable<string> excluded)
    {
        var result = new List<OutputFileIdentity>();
        foreach (var file in Enumerate(directories, excluded))
        {
            var status = FileStatus.Of(file);
            if (!status.Exists) continue;
            result.Add(new OutputFileIdentity
            {
                Path = file, Length = status.Length, LastWriteTicksUtc = status.LastWriteTicksUtc, Hash = ContentHash.OfFile(file).ToString(),
            });
        }
        return result;
    }

    /// <returns>Null when every recorded output is intact and no other file appeared, else what differs first
    /// ("bin/Debug/net10.0/App.dll changed", "… missing", "… appeared").</returns>
    public static string? FindDifference(IReadOnlyList<OutputFileIdentity> recorded, IEnumerable<string> directories, IEnumerable<string> excluded, string displayRoot)
    {
        var current = new HashSet<string>(Enumerate(directories, excluded), StatCache.PathComparer);
        foreach (var output in recorded)
        {
            if (!current.Remove(output.Path)) return Display(output.Path, displayRoot) + " missing";
            var status = FileStatus.Of(output.Path);
            if (!status.Exists) return Display(output.Path, displayRoot) + " missing";
            if (status.Length == output.Length && status.LastWriteTicksUtc == output.LastWriteTicksUtc) continue;
            if (status.Length != output.Length) return Display(output.Path, displayRoot) + " changed";
            string hash;
            try { hash = ContentHash.OfFile(output.Path).ToString(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Display(output.Path, displayRoot) + " unreadable"; }
            if (!string.Equals(hash, output.Hash, StringComparison.OrdinalIgnoreCase)) return Display(output.Path, displayRoot) + " changed";
        }
        foreach (var extra in current.Order(StringComparer.Ordinal)) return Display(extra, displayRoot) + " appeared";
        return null;
    }

    private static IEnumerable<string> Enumerate(IEnumerable<string> directories, IEnumerable<string> excluded)
    {
        var skip = excluded.Where(e => !string.IsNullOrWhiteSpace(e))
            .Select(e => Path.TrimEndingDirectorySeparator(Path.GetFullPath(e))).ToList();
        var seen = new HashSet<string>(StatCache.PathComparer);
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var directory in directories.Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => Path.GetFullPath(d)))
        {
            if (!Directory.Exists(directory)) continue;
            foreach (var file in Directory.EnumerateFiles(directory, "*", options))
            {
                if (skip.Any(s => file.StartsWith(s + Path.DirectorySeparatorChar, StatCache.PathComparison))) continue;
                if (seen.Add(file)) yield return file;
            }
        }
    }

    private static string Display(string path, string root)
    {
        var relative = Path.GetRelativePath(root, path);
        return (relative.StartsWith("..", StringComparison.Ordinal) ? path : relative).Replace('\\', '/');
    }
}
