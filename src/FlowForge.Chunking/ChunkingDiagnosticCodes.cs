namespace FlowForge.Chunking;

/// <summary>
/// FF6xxx codes reported by chunking. None of them fails a build: chunking degrades (coarser chunks,
/// content-defined chunking, an empty cache) and says so.
/// </summary>
public static class ChunkingDiagnosticCodes
{
    /// <summary>
    /// A per-chunk work cache file is corrupt or unreadable; the cache starts empty and the work is redone.
    /// Fix: nothing to do, the next save rewrites it; delete the file if the warning repeats.
    /// </summary>
    public const string WorkCacheCorrupt = "FF6001";

    /// <summary>
    /// A per-chunk work cache could not be saved (disk full, permissions); the next run recomputes more.
    /// Fix: make the cache folder writable.
    /// </summary>
    public const string WorkCacheNotSaved = "FF6002";

    /// <summary>
    /// The file's structure could not be followed (unbalanced braces, unterminated string, comment or
    /// element, broken JSON/XML); the affected part is chunked coarser. Fix: the file probably does not
    /// compile or parse either; correct it and chunks become fine-grained again.
    /// </summary>
    public const string MalformedContent = "FF6003";

    /// <summary>
    /// A semantic chunker failed unexpectedly; the file was chunked by content-defined chunking instead.
    /// Fix: none needed for the build; please report the file shape as a FlowForge bug.
    /// </summary>
    public const string ChunkerFailed = "FF6004";

    /// <summary>
    /// A chunk list in the build cache (the description of a large file stored as chunks) is corrupt or describes
    /// another file. It is deleted and the lookup is a miss: the project compiles and stores the file again.
    /// Fix: nothing; run <c>dotnet flowforge cache verify</c> if it repeats (disk problems).
    /// </summary>
    public const string CorruptChunkList = "FF6005";

    /// <summary>
    /// A chunk of a large cached file does not match its hash. The chunk is deleted, the restore is a miss and
    /// every file using that chunk is stored again on its next compile. Fix: nothing; run
    /// <c>dotnet flowforge cache verify</c> if it repeats.
    /// </summary>
    public const string CorruptChunk = "FF6006";

    /// <summary>
    /// The member list of a large input (kept under obj/…/flowforge/members/ to name changed members in the next
    /// build) could not be saved; the build goes on and the next change of that file is reported without member
    /// names. Fix: make the obj/ folder writable (disk full, permissions).
    /// </summary>
    public const string MemberListNotSaved = "FF6007";

    /// <summary>
    /// FlowForgeLargeFileThreshold is not a size; per-member change reports are off for the project (the build goes on).
    /// Fix: give bytes or a size with a unit, e.g. <c>-p:FlowForgeLargeFileThreshold=2MiB</c>, or <c>0</c> to turn it off.
    /// </summary>
    public const string InvalidLargeFileThreshold = "FF6008";
}
