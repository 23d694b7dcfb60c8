using System.Collections.Concurrent;

namespace FlowForge.Core.Hashing;

/// <summary>
/// path + stat data → SHA-256, keyed like git's index: size, mtime at full precision, ctime, inode and device
/// (<see cref="FileIdentity"/>), never (path, length, mtime) alone. An input whose stat data matches a trusted entry
/// is not read again, so an unchanged input set costs one stat call per file. Where no identity can be read the entry
/// is never trusted (the file is hashed). Shared by all projects of a build (the tasks register one instance per
/// build) and persisted between builds.
/// </summary>
public sealed class StatCache
{
    /// <summary>Hashes taken closer than this to the file's mtime are re-checked next time (racy-git guard).</summary>
    public static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    private static ReadOnlySpan<byte> Magic => "FFSTAT"u8;

    public static StringComparer PathComparer { get; } =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>The same rule as <see cref="PathComparer"/>, for prefix tests (<c>StartsWith</c>).</summary>
    public static StringComparison PathComparison { get; } =
        PathComparer == StringComparer.Ordinal ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    private readonly ConcurrentDictionary<string, FileEntry> _entries = new(PathComparer);
    // The entries this instance made by reading the file (never loaded or seeded ones, which a later Seed may also
    // replace in _entries): with an instance per build, content read in this build (see TryGetReadByThisInstance).
    private readonly ConcurrentDictionary<string, FileEntry> _readHere = new(PathComparer);
    private readonly Func<long> _utcNowTicks;
    private int _changes;

    public StatCache(Func<long>? utcNowTicks = null) => _utcNowTicks = utcNowTicks ?? (() => DateTime.UtcNow.Ticks);

    public int Count => _entries.Count;

    /// <summary>True when entries were added or replaced since load/save.</summary>
    public bool IsDirty => Volatile.Read(ref _changes) > 0;

    /// <summary>Number of files this instance actually read and hashed (for records and tests).</summary>
    public int FilesHashed => _filesHashed;
    private int _filesHashed;
    public long BytesHashed => Interlocked.Read(ref _bytesHashed);
    private long _bytesHashed;

    public bool TryGetTrusted(string path, in FileStatus status, out ContentHash hash) => TryTrusted(_entries, path, status, out hash);

    private static bool TryTrusted(ConcurrentDictionary<string, FileEntry> entries, string path, in FileStatus status, out ContentHash hash)
    {
        if (entries.TryGetValue(path, out var entry) && entry.IsTrustedFor(status))
        {
            hash = entry.Hash;
            return true;
        }
        hash = default;
        return false;
    }

    /// <summary>Adds an entry learnt elsewhere (a project's previous manifest) if it is newer than ours.</summary>
    public void Seed(FileEntry entry)
    {
        _entries.AddOrUpdate(entry.Path, entry, (_, existing) => existing.RecordedTicksUtc >= entry.RecordedTicksUtc ? existing : entry);
    }

    /// <summary>
    /// The content hash of <paramref name="path"/>, read from the file only when no trusted entry
    /// matches <paramref name="status"/>. Throws IOException/UnauthorizedAccessException for unreadable files.
    /// </summary>
    public ContentHash GetHash(string path, in FileStatus status)
    {
        if (TryGetTrusted(path, status, out var cached)) return cached;
        return HashByContent(path, status);
    }

    /// <summary>
    /// Reads and hashes <paramref name="path"/> whatever the cache holds (FlowForgeQuickCheck=false: no stat data is
    /// trusted), and remembers the result for later builds. Throws like <see cref="GetHash"/>.
    /// </summary>
    public ContentHash HashByContent(string path, in FileStatus status)
    {
        var hash = ContentHash.OfFile(path);
        Interlocked.Increment(ref _filesHashed);
        Interlocked.Add(ref _bytesHashed, status.Length);
        // Only cache what we know we hashed: if the file moved under us, the next build hashes again.
        var after = FileStatus.Of(path);
        if (after == status && status.Identity.IsKnown)
        {
            var entry = new FileEntry(path, 0, status.Length, status.LastWriteTicksUtc, _utcNowTicks(), hash, status.Identity);
            _entries[path] = entry;
            _readHere[path] = entry;
            Interlocked.Increment(ref _changes);
        }
        return hash;
    }

    /// <summary>
    /// The hash of <paramref name="path"/> when this instance itself read the file by content and
    /// <paramref name="status"/> still vouches for that read (<see cref="FileEntry.IsTrustedFor"/>: same identity, read
    /// outside the racy window of its last change). Never an entry loaded from the persisted cache or seeded from a
    /// manifest: an instance that lives for one build answers only with content read in that build, which is what the
    /// check before a cache store may reuse (<see cref="InstalledFileHashes"/>).
    /// </summary>
    public bool TryGetReadByThisInstance(string path, in FileStatus status, out ContentHash hash) => TryTrusted(_readHere, path, status, out hash);

    public bool TryGetEntry(string path, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out FileEntry entry) => _entries.TryGetValue(path, out entry);

    public IReadOnlyCollection<FileEntry> Snapshot() => _entries.Values.ToArray();

    /// <summary>Loads a persisted cache. A missing file is an empty cache; a corrupt one too, with a reason; one of an
    /// earlier format (no file identity) too, without a reason: it is simply replaced.</summary>
    public static StatCache Load(string file, out string? corruptReason, Func<long>? utcNowTicks = null)
    {
        corruptReason = null;
        var cache = new StatCache(utcNowTicks);
        byte[] data;
        try { data = File.ReadAllBytes(file); }
        catch (FileNotFoundException) { return cache; }
        catch (DirectoryNotFoundException) { return cache; }
        var entries = FileTable.Deserialize(Magic, data, out corruptReason, out bool outdated);
        if (entries is null && outdated)
        {
            corruptReason = null;
            return cache;
        }
        if (entries is null)
        {
            // Several MSBuild nodes may read the same corrupt file; the one that removes it reports it.
            if (!TryClaimAndRemove(file)) corruptReason = null;
            return cache;
        }
        foreach (var e in entries) cache._entries[e.Path] = e;
        return cache;
    }

    private static bool TryClaimAndRemove(string file)
    {
        var claimed = file + ".corrupt." + Guid.NewGuid().ToString("N");
        try
        {
            File.Move(file, claimed);
            File.Delete(claimed);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false; // another process got there first and reports it
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true; // cannot remove it; still worth one warning from us
        }
    }

    /// <summary>
    /// Persists the cache, merged with what other processes saved meanwhile (newest entry per path
    /// wins), by atomic rename. Entries for files that no longer exist are dropped on the way.
    /// A lost race between two savers only costs a re-hash later, never a wrong hash: every entry
    /// is checked against the file's stat data before use.
    /// </summary>
    public void Save(string file)
    {
        var onDisk = Load(file, out _);
        foreach (var e in onDisk._entries.Values) Seed(e);
        AtomicFile.WriteAllBytes(file, FileTable.Serialize(Magic, _entries.Values.ToArray()));
        Interlocked.Exchange(ref _changes, 0);
    }
}
