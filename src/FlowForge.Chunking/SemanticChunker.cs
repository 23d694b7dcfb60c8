using FlowForge.Core.Diagnostics;

namespace FlowForge.Chunking;

/// <summary>
/// Base of the format-aware chunkers. A subclass only finds region starts; this class turns them into
/// spans with rules shared by every format:
/// <list type="number">
/// <item><b>Merge rule.</b> A region smaller than <see cref="ChunkingOptions.MinSemanticChunkSize"/> is joined
/// with the region after it, unless its own "cut hash" says to keep the boundary (1 in <see cref="ChunkingOptions.MergeCutModulus"/>, default 8). The cut hash is a hash
/// of the region's <i>name</i> (of its bytes for unnamed or generic regions such as top-level statements), so
/// whether a boundary is kept depends on that region alone, never on its neighbours or on where a group
/// started: an edit inside one member changes at most its own group, and when the member crosses the size
/// threshold, its group and the one after it. Groups stay short (8 regions on average) because of the cut hash.</item>
/// <item><b>Split rule.</b> A (merged) region larger than <see cref="ChunkingOptions.MaxSemanticChunkSize"/> is
/// sub-chunked by content-defined chunking restarted at the region's start; parts are named
/// <c>Name</c>, <c>Name#2</c>, <c>Name#3</c>, …</item>
/// <item><b>Unique names.</b> A name seen before in the same file gets <c>#2</c>, <c>#3</c>, … (first free suffix),
/// in file order, so names are deterministic.</item>
/// </list>
/// Any unexpected failure falls back to content-defined chunking with <see cref="ChunkingDiagnosticCodes.ChunkerFailed"/>,
/// so chunking never throws.
/// </summary>
public abstract class SemanticChunker : IChunker
{
    private readonly ContentDefinedChunker _cdc;

    private protected SemanticChunker(ChunkingOptions? options)
    {
        Options = options ?? ChunkingOptions.Default;
        _cdc = new ContentDefinedChunker(Options);
    }

    /// <summary>The sizes used for merging, splitting and the CDC fallback.</summary>
    public ChunkingOptions Options { get; }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <summary>Adds region starts in increasing order. May report <see cref="ChunkingDiagnosticCodes.MalformedContent"/>.</summary>
    private protected abstract void FindRegions(ReadOnlySpan<byte> content, List<SemanticRegion> regions, ICollection<Diagnostic>? diagnostics);

    /// <inheritdoc />
    public IReadOnlyList<ChunkSpan> FindSpans(ReadOnlySpan<byte> content, ICollection<Diagnostic>? diagnostics = null)
    {
        List<SemanticRegion> regions = new();
        try
        {
            FindRegions(content, regions, diagnostics);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            diagnostics?.Add(Diagnostic.Warning(ChunkingDiagnosticCodes.ChunkerFailed,
                $"The {Name} chunker failed ({ex.GetType().Name}: {ex.Message}); the file was chunked by content instead."));
            return _cdc.FindSpans(content);
        }
        return Assemble(content, regions);
    }

    /// <inheritdoc />
    public IReadOnlyList<Chunk> Split(ReadOnlySpan<byte> content, ICollection<Diagnostic>? diagnostics = null) =>
        ChunkHashing.Hash(FindSpans(content, diagnostics), content);

    private List<ChunkSpan> Assemble(ReadOnlySpan<byte> content, List<SemanticRegion> regions)
    {
        var raw = ToSpans(content.Length, regions);
        var merged = Merge(content, raw);
        var result = new List<ChunkSpan>(merged.Count);
        foreach (var span in merged)
        {
            if (span.Length > Options.MaxSemanticChunkSize)
                _cdc.AppendSpans(content.Slice(span.Offset, span.Length), span.Offset, span.Name, span.Kind, result);
            else
                result.Add(span);
        }
        MakeNamesUnique(result);
        return result;
    }

    /// <summary>Sorted, clamped, non-empty spans that start at 0 and end at <paramref name="length"/>.</summary>
    private static List<ChunkSpan> ToSpans(int length, List<SemanticRegion> regions)
    {
        var starts = new List<SemanticRegion>(regions.Count + 1);
        foreach (var region in regions)
        {
            int start = Math.Clamp(region.Start, 0, length);
            var clamped = region with { Start = start };
            if (starts.Count > 0 && start <= starts[^1].Start)
            {
                // Same start: the later region is the more specific one (a member at the start of its type).
                if (start == starts[^1].Start) starts[^1] = clamped;
                continue;
            }
            starts.Add(clamped);
        }
        if (starts.Count == 0 || starts[0].Start > 0)
            starts.Insert(0, new SemanticRegion(0, "<header>", ChunkKind.Header));

        var spans = new List<ChunkSpan>(starts.Count);
        for (int i = 0; i < starts.Count; i++)
        {
            int end = i + 1 < starts.Count ? starts[i + 1].Start : length;
            if (end > starts[i].Start)
                spans.Add(new ChunkSpan(starts[i].Start, end - starts[i].Start, starts[i].Name, starts[i].Kind));
        }
        return spans;
    }

    private List<ChunkSpan> Merge(ReadOnlySpan<byte> content, List<ChunkSpan> spans)
    {
        int min = Options.MinSemanticChunkSize;
        if (min == 0) return spans;
        var result = new List<ChunkSpan>(spans.Count);
        int groupStart = -1;
        var names = new List<string>();
        ChunkKind kind = ChunkKind.Group;
        for (int i = 0; i < spans.Count; i++)
        {
            var span = spans[i];
            if (groupStart < 0) { groupStart = span.Offset; names.Clear(); kind = span.Kind; }
            else kind = ChunkKind.Group;
            if (span.Name is not null) names.Add(span.Name);

            bool last = i == spans.Count - 1;
            bool keepBoundary = last || span.Length >= min || CutHash(span, content) % (uint)Options.MergeCutModulus == 0;
            if (!keepBoundary) continue;

            string? name = names.Count switch { 0 => null, 1 => names[0], _ => string.Join(" + ", names) };
            result.Add(new ChunkSpan(groupStart, span.End - groupStart, name, kind));
            groupStart = -1;
        }
        return result;
    }

    private static uint CutHash(ChunkSpan span, ReadOnlySpan<byte> content)
    {
        // FNV-1a: tiny, stable across runtimes (string.GetHashCode is randomized per process).
        uint hash = 2166136261;
        if (span.Name is { Length: > 0 } name && name[0] != '<')
        {
            foreach (char c in name) hash = (hash ^ c) * 16777619;
        }
        else
        {
            foreach (byte b in content.Slice(span.Offset, span.Length)) hash = (hash ^ b) * 16777619;
        }
        // Final avalanche so the low bits used by the modulus depend on every input character.
        hash ^= hash >> 16; hash *= 0x7feb352d; hash ^= hash >> 15;
        return hash;
    }

    private static void MakeNamesUnique(List<ChunkSpan> spans)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < spans.Count; i++)
        {
            var name = spans[i].Name;
            if (name is null) continue;
            if (!seen.Add(name))
            {
                int n = 2;
                while (!seen.Add($"{name}#{n}")) n++;
                spans[i] = spans[i] with { Name = $"{name}#{n}" };
            }
        }
    }
}
