using System.Text;
using System.Text.Json;
using FlowForge.Core.Diagnostics;
using FlowForge.Core.Hashing;

namespace FlowForge.Chunking.Changes;

/// <summary>
/// Names what changed inside a large input between two builds ("members changed: Foo.Bar(int), Foo.Baz"). After each
/// build in which a large input's content changed (or appeared), its chunk list — names and hashes only — is kept
/// under the project's FlowForge state folder; the next change is diffed against it with <see cref="ChunkDiff"/>.
/// <para>
/// Reports chunk per member: <see cref="ReportOptions"/> turns the merging of small members off, so every C# member,
/// TOML table, JSON member or XML element has its own name (storage merges small members; reports must not).
/// Costs nothing on a no-op build: the caller only calls <see cref="Track"/> for large inputs whose content changed.
/// A missing, corrupt or stale list (it describes another version than the previous build's) gives no member names,
/// never wrong ones.
/// </para>
/// </summary>
public sealed class MemberChangeTracker
{
    private const int FormatVersion = 1;

    /// <summary>Chunking used for change reports: one chunk per semantic member (no merging of small ones).</summary>
    public static ChunkingOptions ReportOptions { get; } = ChunkingOptions.Default with { MinSemanticChunkSize = 0 };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="directory">Where the lists live (the project's <c>obj/…/flowforge/members/</c>).</param>
    public MemberChangeTracker(string directory) => Directory = Path.GetFullPath(directory);

    public string Directory { get; }

    /// <summary>
    /// Chunks <paramref name="path"/>, diffs it against the list saved for <paramref name="previousHash"/> (null for an
    /// added file) and saves the new list. Returns the member changes, or null when they cannot be named (no previous
    /// list, a stale or corrupt one, the file changed again since it was hashed as <paramref name="currentHash"/>, or the
    /// file has no named structure: binaries and formats split by content-defined chunking are not tracked).
    /// Problems writing the list come back in <paramref name="diagnostics"/> as warnings; nothing throws for I/O.
    /// </summary>
    public ChunkChanges? Track(string path, ContentHash? previousHash, ContentHash currentHash, ICollection<Diagnostic>? diagnostics = null)
    {
        byte[] content;
        try { content = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        if (ContentHash.Of(content) != currentHash) return null; // changed again meanwhile: the next build reports it

        var chunker = Chunkers.ForFile(path, content, ReportOptions);
        // Content-defined chunks have no names ("<bytes a..b>"): nothing a person could read in a report.
        if (chunker is ContentDefinedChunker) return null;
        var chunks = chunker.Split(content);
        ChunkChanges? changes = null;
        if (previousHash is { } before && Load(path) is { } saved && saved.FileHash == before)
            changes = ChunkDiff.Compare(saved.Chunks, chunks);
        Save(path, currentHash, chunks, diagnostics);
        return changes;
    }

    /// <summary>Saves the list for a large input without diffing (first build: the baseline for the next change).</summary>
    public void Remember(string path, ContentHash currentHash, ICollection<Diagnostic>? diagnostics = null) =>
        Track(path, previousHash: null, currentHash, diagnostics);

    /// <summary>Forgets a removed input's list.</summary>
    public void Forget(string path)
    {
        try { File.Delete(ListFile(path)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>The list file of an input: named by a hash of its full path, so renames start over.</summary>
    public string ListFile(string path) =>
        Path.Combine(Directory, ContentHash.Of(Path.GetFullPath(path)).ToString()[..24] + ".json");

    private SavedList? Load(string path)
    {
        try
        {
            var file = JsonSerializer.Deserialize<ListFileModel>(File.ReadAllBytes(ListFile(path)), Json);
            if (file is null || file.Format != FormatVersion || file.Chunks is null || !ContentHash.TryParse(file.FileHash, out var fileHash)) return null;
            var chunks = new List<Chunk>(file.Chunks.Count);
            foreach (var c in file.Chunks)
            {
                if (!ContentHash.TryParse(c.Hash, out var hash)) return null;
                chunks.Add(new Chunk(c.Offset, c.Length, hash, c.Name, ChunkKind.Content));
            }
            return new SavedList(fileHash, chunks);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException) { return null; }
    }

    private void Save(string path, ContentHash fileHash, IReadOnlyList<Chunk> chunks, ICollection<Diagnostic>? diagnostics)
    {
        var model = new ListFileModel
        {
            Format = FormatVersion,
            Path = Path.GetFullPath(path),
            FileHash = fileHash.ToString(),
            Chunks = chunks.Select(c => new ChunkModel { Name = c.Name, Hash = c.Hash.ToString(), Offset = c.Offset, Length = c.Length }).ToList(),
        };
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            AtomicFile.WriteAllBytes(ListFile(path), JsonSerializer.SerializeToUtf8Bytes(model, Json));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics?.Add(Diagnostic.Warning(ChunkingDiagnosticCodes.MemberListNotSaved,
                $"The member list of '{path}' could not be saved ({e.Message}); its next change is reported without member names. Check that obj/ is writable.", path));
        }
    }

    /// <summary>
    /// Member names for records: changed names as they are, added ones with a leading <c>+</c>, removed ones with
    /// <c>-</c> (the same marks the build log uses for files), in file order; at most <paramref name="max"/>.
    /// </summary>
    public static List<string> MemberNames(ChunkChanges changes, int max = 100) =>
        changes.Changed.Concat(changes.Added.Select(n => "+" + n)).Concat(changes.Removed.Select(n => "-" + n)).Take(max).ToList();

    /// <summary>The log text: <c>members changed: Foo.Bar(int), Foo.Baz; added: Foo.Qux()</c>, at most <paramref name="maxNames"/> names per part.</summary>
    public static string Describe(ChunkChanges changes, int maxNames = 5)
    {
        if (!changes.HasChanges) return "no member changed";
        var parts = new List<string>(3);
        void Add(string label, IReadOnlyList<string> names)
        {
            if (names.Count == 0) return;
            var text = new StringBuilder(label).Append(": ").Append(string.Join(", ", names.Take(maxNames)));
            if (names.Count > maxNames) text.Append($", and {names.Count - maxNames} more");
            parts.Add(text.ToString());
        }
        Add("members changed", changes.Changed);
        Add("added", changes.Added);
        Add("removed", changes.Removed);
        return string.Join("; ", parts);
    }

    private sealed record SavedList(ContentHash FileHash, IReadOnlyList<Chunk> Chunks);

    private sealed class ListFileModel
    {
        public int Format { get; set; }
        public string? Path { get; set; }
        public string? FileHash { get; set; }
        public List<ChunkModel>? Chunks { get; set; }
    }

    private sealed class ChunkModel
    {
        public string? Name { get; set; }
        public string? Hash { get; set; }
        public int Offset { get; set; }
        public int Length { get; set; }
    }
}
