using FlowForge.Core.Hashing;

namespace FlowForge.Caching;

/// <summary>
/// Where things live under a cache root: <c>cas/&lt;2 hex&gt;/&lt;sha256&gt;</c> blobs, <c>ac/&lt;2 hex&gt;/&lt;key&gt;</c> action
/// entries, and the store's own small files. The two-character fan-out keeps directories small at 100,000+ entries.
/// Temp files start with '.' and live next to their target so the final rename stays on one volume.
/// </summary>
internal sealed class StoreLayout
{
    public StoreLayout(string root)
    {
        Root = Path.GetFullPath(root);
        CasRoot = Path.Combine(Root, "cas");
        AcRoot = Path.Combine(Root, "ac");
        IndexPath = Path.Combine(Root, "size.index");
        LockPath = Path.Combine(Root, "store.lock");
        StatsPath = Path.Combine(Root, "stats.log");
        ChunkListRoot = Path.Combine(Root, "chunks");
    }

    /// <summary>Chunk lists of large files stored as chunks, named by the whole file's SHA-256 (docs/chunking.md).</summary>
    public string ChunkListRoot { get; }

    public string ChunkListPath(ContentHash fileHash) => Fanned(ChunkListRoot, fileHash.ToString());

    public string Root { get; }
    public string CasRoot { get; }
    public string AcRoot { get; }
    public string IndexPath { get; }
    public string LockPath { get; }
    public string StatsPath { get; }

    public string BlobPath(ContentHash hash) => Fanned(CasRoot, hash.ToString());
    public string EntryPath(ContentHash key) => Fanned(AcRoot, key.ToString());

    /// <summary>A unique temp name beside <paramref name="target"/>; leading '.' so scans skip it.</summary>
    public static string TempPathFor(string target) =>
        Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");

    public static bool IsTempName(string path) => Path.GetFileName(path).StartsWith('.');

    private static string Fanned(string root, string hex) => Path.Combine(root, hex[..2], hex);
}
