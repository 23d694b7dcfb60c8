using FlowForge.Core.Hashing;

namespace FlowForge.Core.ProjectSkip;

/// <summary>One file a build left in bin/ or obj/: where, its full stat identity (as git's index keeps it, see
/// <see cref="FileIdentity"/>), when that stat was taken, and its content hash.</summary>
public sealed class OutputFileIdentity
{
    /// <summary>Full path.</summary>
    public string Path { get; set; } = "";
    public long Length { get; set; }
    public long LastWriteTicksUtc { get; set; }
    /// <summary>False where the platform gave no identity: then the stat data never vouches for the file.</summary>
    public bool IdentityKnown { get; set; }
    public long ModifiedNanoseconds { get; set; }
    public long ChangedNanoseconds { get; set; }
    public ulong FileId { get; set; }
    public ulong FileIdHigh { get; set; }
    public ulong Device { get; set; }
    /// <summary>When the stat was taken (UTC ticks, before the hash was read): the racy-window guard's reference.</summary>
    public long RecordedTicksUtc { get; set; }
    /// <summary>SHA-256 (hex) of the content.</summary>
    public string Hash { get; set; } = "";

    public static OutputFileIdentity From(string path, in FileStatus status, long recordedTicksUtc, string hash) => new()
    {
        Path = path, Length = status.Length, LastWriteTicksUtc = status.LastWriteTicksUtc,
        IdentityKnown = status.Identity.IsKnown, ModifiedNanoseconds = status.Identity.ModifiedNanoseconds,
        ChangedNanoseconds = status.Identity.ChangedNanoseconds, FileId = status.Identity.FileId,
        FileIdHigh = status.Identity.FileIdHigh, Device = status.Identity.Device,
        RecordedTicksUtc = recordedTicksUtc, Hash = hash,
    };

    /// <summary>
    /// Whether <paramref name="status"/> vouches that the file is still the one recorded, by the same rule as the stat
    /// cache and the compile gate's quick check (<see cref="FileEntry.IsTrustedFor"/>): size, mtime at full precision,
    /// ctime, inode and device all equal, and the recorded stat taken outside the racy window of the file's last change.
    /// An edit of the same size whose mtime was put back still moves the ctime: not vouched for.
    /// </summary>
    public bool IsVouchedFor(in FileStatus status)
    {
        if (!IdentityKnown) return false;
        var identity = new FileIdentity(true, ModifiedNanoseconds, ChangedNanoseconds, FileId, FileIdHigh, Device);
        return new FileEntry(Path, 0, Length, LastWriteTicksUtc, RecordedTicksUtc, default, identity).IsTrustedFor(status);
    }
}

/// <summary>
/// The identity of every file in a project's output folders (bin/…/tfm/ and obj/…/tfm/, FlowForge's state folder
/// excluded), taken after a successful build, and the check that they are still what that build left: same set of
/// files; for each, the same full stat identity (<see cref="OutputFileIdentity.IsVouchedFor"/>), or else the same
/// content (a touched output with the same bytes is intact; an edit with its mtime put back is read and found changed).
/// </summary>
public static class OutputSnapshot
{
    public static List<OutputFileIdentity> Take(IEnumerable<string> directories, IEnumerable<string> excluded)
    {
        var result = new List<OutputFileIdentity>();
        foreach (var file in Enumerate(directories, excluded))
        {
            // Taken before the stat: a write after it moves the file's change time past this, outside the racy guard.
            var recorded = DateTime.UtcNow.Ticks;
            var status = FileStatus.Of(file);
            if (!status.Exists) continue;
            result.Add(OutputFileIdentity.From(file, status, recorded, ContentHash.OfFile(file).ToString()));
        }
        return result;
    }

    /// <returns>Null when every recorded output is intact and no other file appeared, else what differs first
    /// ("bin/Debug/net10.0/App.dll changed", "… missing", "… appeared").</returns>
    /// <param name="refreshed">When the outputs are intact and some of them were confirmed by reading their content
    /// (their stat data did not vouch: touched, or recorded within the racy window of the build that wrote them), every
    /// output with the stat data seen now, so that the state can be rewritten and the next check needs no reading;
    /// else null.</param>
    public static string? FindDifference(IReadOnlyList<OutputFileIdentity> recorded, IEnumerable<string> directories, IEnumerable<string> excluded, string displayRoot,
        out List<OutputFileIdentity>? refreshed)
    {
        refreshed = null;
        var current = new HashSet<string>(Enumerate(directories, excluded), StatCache.PathComparer);
        var seen = new List<OutputFileIdentity>(recorded.Count);
        bool anyRead = false;
        foreach (var output in recorded)
        {
            if (!current.Remove(output.Path)) return Display(output.Path, displayRoot) + " missing";
            var checkedAt = DateTime.UtcNow.Ticks;
            var status = FileStatus.Of(output.Path);
            if (!status.Exists) return Display(output.Path, displayRoot) + " missing";
            if (status.Length != output.Length) return Display(output.Path, displayRoot) + " changed";
            if (output.IsVouchedFor(status))
            {
                seen.Add(output);
                continue;
            }
            string hash;
            try { hash = ContentHash.OfFile(output.Path).ToString(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Display(output.Path, displayRoot) + " unreadable"; }
            if (!string.Equals(hash, output.Hash, StringComparison.OrdinalIgnoreCase)) return Display(output.Path, displayRoot) + " changed";
            anyRead = true;
            seen.Add(OutputFileIdentity.From(output.Path, status, checkedAt, output.Hash));
        }
        foreach (var extra in current.Order(StringComparer.Ordinal)) return Display(extra, displayRoot) + " appeared";
        if (anyRead) refreshed = seen;
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
