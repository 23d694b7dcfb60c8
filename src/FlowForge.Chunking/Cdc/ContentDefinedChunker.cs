using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FlowForge.Chunking.Cdc;
using FlowForge.Core.Diagnostics;

namespace FlowForge.Chunking;

/// <summary>
/// FastCDC-style content-defined chunking: a gear rolling hash, cut-point skipping (no hashing of the first
/// <see cref="ChunkingOptions.MinSize"/> bytes of a chunk) and normalized chunking (a stricter mask before the
/// average size, a looser one after it, which narrows the size distribution). A boundary depends only on
/// the 64 bytes before it, so an edit moves at most the boundaries near it: chunks after the next
/// unchanged boundary are the same bytes again.
/// </summary>
public sealed class ContentDefinedChunker : IChunker
{
    private readonly int _min, _avg, _max;
    private readonly ulong _maskSmall, _maskLarge;

    /// <summary>Creates a chunker with <paramref name="options"/> (default <see cref="ChunkingOptions.Default"/>).</summary>
    public ContentDefinedChunker(ChunkingOptions? options = null)
    {
        options ??= ChunkingOptions.Default;
        options.Validate();
        _min = options.MinSize;
        _max = options.MaxSize;
        int bits = BitOperations.Log2((uint)options.AverageSize);
        _avg = 1 << bits;
        // The gear hash shifts left, so bit k depends on the last k+1 bytes: masks take the TOP bits, which
        // depend on the whole 64-byte window. Normalization level 2: 2 bits more before the average, 2 fewer after.
        _maskSmall = TopBits(bits + 2);
        _maskLarge = TopBits(bits - 2);
    }

    private static ulong TopBits(int count) => count <= 0 ? 0 : ulong.MaxValue << (64 - count);

    /// <inheritdoc />
    public string Name => "cdc";

    /// <inheritdoc />
    public IReadOnlyList<ChunkSpan> FindSpans(ReadOnlySpan<byte> content, ICollection<Diagnostic>? diagnostics = null)
    {
        var spans = new List<ChunkSpan>(content.Length / _avg + 1);
        AppendSpans(content, 0, null, ChunkKind.Content, spans);
        return spans;
    }

    /// <inheritdoc />
    public IReadOnlyList<Chunk> Split(ReadOnlySpan<byte> content, ICollection<Diagnostic>? diagnostics = null) =>
        ChunkHashing.Hash(FindSpans(content, diagnostics), content);

    /// <summary>
    /// Appends the content-defined chunks of <paramref name="region"/> (which lies at <paramref name="baseOffset"/>
    /// in the file). Named regions get sub-chunk names <c>name</c>, <c>name#2</c>, <c>name#3</c>, …
    /// </summary>
    internal void AppendSpans(ReadOnlySpan<byte> region, int baseOffset, string? name, ChunkKind kind, List<ChunkSpan> spans)
    {
        int at = 0, part = 1;
        while (at < region.Length)
        {
            int length = NextCut(region[at..]);
            string? partName = name is null ? null : part == 1 ? name : $"{name}#{part}";
            spans.Add(new ChunkSpan(baseOffset + at, length, partName, kind));
            at += length;
            part++;
        }
    }

    /// <summary>Collects the end offsets of all chunks (boundary finding only, for benchmarks and callers that hash themselves).</summary>
    public void FindCuts(ReadOnlySpan<byte> content, List<int> cuts)
    {
        int at = 0;
        while (at < content.Length)
        {
            at += NextCut(content[at..]);
            cuts.Add(at);
        }
    }

    /// <summary>Length of the chunk that starts at the beginning of <paramref name="data"/>.</summary>
    public int NextCut(ReadOnlySpan<byte> data)
    {
        int n = data.Length;
        if (n <= _min) return n;
        if (n > _max) n = _max;
        int normal = n < _avg ? n : _avg;

        // Unsafe indexing: the JIT cannot prove gear[b] in range, and bounds checks cost ~30% in this loop.
        ref byte src = ref MemoryMarshal.GetReference(data);
        ref ulong gear = ref MemoryMarshal.GetArrayDataReference(GearTable.Values);
        ulong fp = 0;
        ulong mask = _maskSmall;
        int i = _min;
        for (; i < normal; i++)
        {
            fp = (fp << 1) + Unsafe.Add(ref gear, Unsafe.Add(ref src, i));
            if ((fp & mask) == 0) return i + 1;
        }
        mask = _maskLarge;
        for (; i < n; i++)
        {
            fp = (fp << 1) + Unsafe.Add(ref gear, Unsafe.Add(ref src, i));
            if ((fp & mask) == 0) return i + 1;
        }
        return n;
    }
}
