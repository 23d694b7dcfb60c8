using FlowForge.Core.Hashing;

namespace FlowForge.Core.Changes;

/// <summary>
/// The compile gate's quick check (docs/compile-gate.md): the full stat identity (<see cref="FileIdentity"/>) of every
/// file the gate's last check covered (the compile's inputs, the compiler's files, compile-settings.txt, CoreCompile's
/// other inputs and its outputs), kept under obj/ as <c>quick-check.bin</c>. A later build whose files all still carry
/// exactly that identity, none changed within the racy window of when the check began, needs no check: nothing the
/// gate looks at can differ. Unlike MSBuild's timestamp comparison it sees an edit whose mtime was put back (the
/// ctime moved) and a file replaced by another with the same size and mtime (another inode). One stat per file, no
/// hashing. Written only when the files in obj/ agree with the gate (after a skip, a restore or a recorded compile).
/// </summary>
public sealed class QuickCheckRecord
{
    public const string FileName = "quick-check.bin";
    private static ReadOnlySpan<byte> Magic => "FFQUIK"u8;

    public IReadOnlyList<FileEntry> Entries { get; }

    private QuickCheckRecord(IReadOnlyList<FileEntry> entries) => Entries = entries;

    /// <param name="files">Each file with the stat taken before its content was used (a missing file too).</param>
    /// <param name="checkStartedTicksUtc">When the check began, before any of those stats.</param>
    public static QuickCheckRecord Create(IEnumerable<KeyValuePair<string, FileStatus>> files, long checkStartedTicksUtc)
    {
        var entries = new List<FileEntry>();
        var seen = new HashSet<string>(StatCache.PathComparer);
        foreach (var (path, status) in files)
        {
            if (!seen.Add(path)) continue;
            entries.Add(status.Exists
                ? new FileEntry(path, 0, status.Length, status.LastWriteTicksUtc, checkStartedTicksUtc, default, status.Identity)
                : new FileEntry(path, 0, -1, 0, checkStartedTicksUtc, default));
        }
        return new QuickCheckRecord(entries);
    }

    /// <summary>The record, or null when there is none or it cannot be read (then the gate simply checks).</summary>
    public static QuickCheckRecord? TryLoad(string file)
    {
        try
        {
            var entries = FileTable.Deserialize(Magic, File.ReadAllBytes(file), out _);
            return entries is null ? null : new QuickCheckRecord(entries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>Throws IOException / UnauthorizedAccessException for the caller to report.</summary>
    public void Save(string file) => AtomicFile.WriteAllBytes(file, FileTable.Serialize(Magic, (IReadOnlyCollection<FileEntry>)Entries));

    /// <summary>Removes the record (a compile is about to change the outputs). Never throws: a record that cannot be
    /// removed is caught by the outputs' changed identity anyway.</summary>
    public static void Delete(string file)
    {
        try { File.Delete(file); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>
    /// The first file whose identity differs from the recorded one, or that changed too close to the recorded check
    /// to be sure of (racy); null when every file is exactly as the check left it. A file without a known identity
    /// (a platform without stat) never passes.
    /// </summary>
    public string? FirstChanged(Func<string, FileStatus> stat)
    {
        foreach (var entry in Entries)
        {
            var now = stat(entry.Path);
            if (entry.Length < 0)
            {
                if (now.Exists) return entry.Path;
                continue;
            }
            if (!entry.IsTrustedFor(now)) return entry.Path;
        }
        return null;
    }

    /// <summary>
    /// Whether <paramref name="path"/> was rewritten or replaced since the record while keeping the modification time it
    /// had (same mtime; another size, change time or file id): <c>cp -p</c>, an unpacked archive, a restored backup.
    /// Whatever knows files by path and mtime alone, as the compiler server knows referenced assemblies, sees the old file.
    /// </summary>
    public bool RewrittenKeepingItsTime(string path, in FileStatus status) =>
        TryFind(path, out var entry) && entry.Length >= 0 && status.Exists && status.LastWriteTicksUtc == entry.LastWriteTicksUtc &&
        (status.Length != entry.Length || (status.Identity.IsKnown && entry.Identity.IsKnown && status.Identity != entry.Identity));

    /// <summary>Whether the record vouches that <paramref name="path"/> is the very file it recorded (for the outputs).</summary>
    public bool Vouches(string path, in FileStatus status) => TryFind(path, out var entry) && entry.Length >= 0 && entry.IsTrustedFor(status);

    private Dictionary<string, FileEntry>? _byPath;

    /// <summary>The entry of a path (the first, as recorded), through an index built on the first lookup: a compile looks
    /// up each of its references, and a project has hundreds.</summary>
    private bool TryFind(string path, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out FileEntry entry)
    {
        if (_byPath is null)
        {
            var byPath = new Dictionary<string, FileEntry>(Entries.Count, StatCache.PathComparer);
            foreach (var recorded in Entries) byPath.TryAdd(recorded.Path, recorded);
            _byPath = byPath;
        }
        return _byPath.TryGetValue(path, out entry);
    }
}
