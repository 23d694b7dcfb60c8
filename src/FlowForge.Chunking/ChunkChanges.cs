namespace FlowForge.Chunking;

/// <summary>What changed between two chunkings of a file, by chunk name.</summary>
/// <param name="Changed">Names present before and after with different content.</param>
/// <param name="Added">Names only in the new chunks (unnamed chunks: <c>&lt;bytes a..b&gt;</c> whose content is new).</param>
/// <param name="Removed">Names only in the old chunks (unnamed chunks: content no longer present).</param>
/// <param name="UnchangedCount">Chunks of the new list whose name and content (or, unnamed, content) existed before.</param>
public sealed record ChunkChanges(IReadOnlyList<string> Changed, IReadOnlyList<string> Added, IReadOnlyList<string> Removed, int UnchangedCount)
{
    /// <summary>True when anything was changed, added or removed.</summary>
    public bool HasChanges => Changed.Count > 0 || Added.Count > 0 || Removed.Count > 0;

    /// <summary>One line for logs, e.g. <c>members changed: Foo.Bar(int), Foo.Baz; added: Foo.Qux()</c>.</summary>
    public override string ToString()
    {
        if (!HasChanges) return "no changes";
        var parts = new List<string>(3);
        if (Changed.Count > 0) parts.Add("members changed: " + string.Join(", ", Changed));
        if (Added.Count > 0) parts.Add("added: " + string.Join(", ", Added));
        if (Removed.Count > 0) parts.Add("removed: " + string.Join(", ", Removed));
        return string.Join("; ", parts);
    }
}
