using System.Collections.Concurrent;

namespace FlowForge.Core.Hashing;

/// <summary>
/// Content hashes, taken during this build, of files in installed locations that no build writes: the .NET SDK and its
/// targeting packs, and the NuGet packages folder. The check before a cache store (<c>InputRecheck</c>) reads every
/// input of a compile again by content; the framework's reference assemblies are most of those bytes, and every project
/// of a build reads the same ones, so without this each is hashed again for every project. A hash is reused only for a
/// file whose full stat identity (size, mtime, ctime, inode, device) is exactly the one it had, before and after, when
/// this object hashed it, outside the racy window: content read in this build, never a record from an earlier one.
/// A file the build's stat cache read by content in this build counts the same (it is that read's hash, under the same
/// identity rule). Files anywhere else (sources, obj/, references built in the repository) are always read again. Thread-safe: one
/// instance per build and MSBuild node, used by the stores of every project.
/// </summary>
public sealed class InstalledFileHashes
{
    private readonly ConcurrentDictionary<string, (FileStatus Status, string Hash)> _hashes = new(StatCache.PathComparer);
    private readonly Func<long> _utcNowTicks;
    private int _reused;

    public InstalledFileHashes(Func<long>? utcNowTicks = null) => _utcNowTicks = utcNowTicks ?? (() => DateTime.UtcNow.Ticks);

    /// <summary>How many hashes were reused instead of read again (for the log and tests).</summary>
    public int Reused => Volatile.Read(ref _reused);

    /// <summary>
    /// <paramref name="hashByContent"/>'s answer for <paramref name="path"/>: reused when the file is under one of
    /// <paramref name="installedRoots"/> and was hashed by this instance with the identity it still has; else read now.
    /// </summary>
    /// <param name="readThisBuild">The build's stat cache (an instance per build and node): a file it read by content in
    /// this build, with the identity the file still has, is not read a second time (change detection reads the
    /// framework's reference assemblies first in each node; this check would read them all again).</param>
    public string HashByContent(string path, IReadOnlyList<string> installedRoots, Func<string, string> hashByContent, StatCache? readThisBuild = null)
    {
        if (!IsUnder(path, installedRoots)) return hashByContent(path);
        var before = FileStatus.Of(path);
        bool identified = before.Exists && before.Identity.IsKnown;
        if (identified && _hashes.TryGetValue(path, out var known) && known.Status == before)
        {
            Interlocked.Increment(ref _reused);
            return known.Hash;
        }
        if (identified && readThisBuild is not null && readThisBuild.TryGetReadByThisInstance(path, before, out var read))
        {
            var text = read.ToString();
            _hashes[path] = (before, text);
            Interlocked.Increment(ref _reused);
            return text;
        }
        var hash = hashByContent(path);
        // Kept only when nothing moved while it was read and the last change is older than the racy window (a second
        // write within one timestamp tick of the first could otherwise leave the identity unchanged).
        if (identified && FileStatus.Of(path) == before && _utcNowTicks() - before.LatestChangeTicksUtc >= StatCache.RacyWindow.Ticks)
            _hashes[path] = (before, hash);
        return hash;
    }

    /// <summary>Whether <paramref name="path"/> is inside one of <paramref name="roots"/> (a root given with or without its
    /// trailing separator; "packs2/x" is not inside "packs"). Called for every input of every store: no allocation
    /// (building "root/" for each root and input was about a third of this class's CPU in a cold build's profile).</summary>
    internal static bool IsUnder(string path, IReadOnlyList<string> roots)
    {
        foreach (var root in roots)
        {
            if (root.Length == 0) continue;
            var trimmed = Path.TrimEndingDirectorySeparator(root.AsSpan());
            if (path.Length > trimmed.Length && path[trimmed.Length] == Path.DirectorySeparatorChar
                && path.AsSpan(0, trimmed.Length).Equals(trimmed, StatCache.PathComparison))
                return true;
        }
        return false;
    }
}
