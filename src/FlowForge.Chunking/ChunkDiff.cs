using FlowForge.Core.Hashing;

namespace FlowForge.Chunking;

/// <summary>Compares two chunkings of the same file for change reports ("members changed: Foo.Bar(int), Foo.Baz").</summary>
public static class ChunkDiff
{
    /// <summary>
    /// Named chunks are matched by name (same name, other hash → changed). Unnamed (content-defined) chunks have no
    /// identity but their content, so they are matched by hash: new content is added, vanished content removed.
    /// Results keep file order.
    /// </summary>
    public static ChunkChanges Compare(IReadOnlyList<Chunk> oldChunks, IReadOnlyList<Chunk> newChunks)
    {
        var oldByName = new Dictionary<string, ContentHash>(StringComparer.Ordinal);
        var oldUnnamed = new HashSet<ContentHash>();
        foreach (var chunk in oldChunks)
        {
            if (chunk.Name is null) oldUnnamed.Add(chunk.Hash);
            else oldByName.TryAdd(chunk.Name, chunk.Hash);
        }

        var changed = new List<string>();
        var added = new List<string>();
        var newNames = new HashSet<string>(StringComparer.Ordinal);
        var newUnnamed = new HashSet<ContentHash>();
        int unchanged = 0;
        foreach (var chunk in newChunks)
        {
            if (chunk.Name is null)
            {
                newUnnamed.Add(chunk.Hash);
                if (oldUnnamed.Contains(chunk.Hash)) unchanged++;
                else added.Add(chunk.DisplayName);
                continue;
            }
            newNames.Add(chunk.Name);
            if (!oldByName.TryGetValue(chunk.Name, out var oldHash)) added.Add(chunk.Name);
            else if (oldHash != chunk.Hash) changed.Add(chunk.Name);
            else unchanged++;
        }

        var removed = new List<string>();
        foreach (var chunk in oldChunks)
        {
            if (chunk.Name is null)
            {
                if (!newUnnamed.Contains(chunk.Hash)) removed.Add(chunk.DisplayName);
            }
            else if (!newNames.Contains(chunk.Name)) removed.Add(chunk.Name);
        }
        return new ChunkChanges(changed, added, removed, unchanged);
    }
}
