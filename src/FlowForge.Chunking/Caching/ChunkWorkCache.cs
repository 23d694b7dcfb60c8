using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using FlowForge.Core.Diagnostics;
using FlowForge.Core.Hashing;

namespace FlowForge.Chunking;

/// <summary>
/// Remembers the result of per-chunk work (analysis, a transform, a check) by chunk content, so after an edit
/// only changed chunks are recomputed. Keys are SHA-256(work kind ‖ chunk hash): the work kind (include a
/// version, e.g. <c>"symbols/v2"</c>) keeps results of different or older work apart even in one file.
/// Thread-safe. Persisted as JSON (results through System.Text.Json); a corrupt file is an empty cache plus
/// <see cref="ChunkingDiagnosticCodes.WorkCacheCorrupt"/>, never an exception.
/// </summary>
/// <typeparam name="TResult">The result of the work; must round-trip through System.Text.Json to be persisted.</typeparam>
public sealed class ChunkWorkCache<TResult>
{
    private const int FormatVersion = 1;

    private readonly ConcurrentDictionary<ContentHash, TResult> _entries = new();
    private readonly ConcurrentDictionary<ContentHash, byte> _used = new();
    private readonly byte[] _salt;
    private readonly JsonSerializerOptions? _json;
    private long _hits, _misses;

    /// <summary>Creates an empty cache for <paramref name="workKind"/>.</summary>
    /// <param name="workKind">Names the work and its version; part of every key.</param>
    /// <param name="json">Serializer options for persisting results; null for the defaults.</param>
    public ChunkWorkCache(string workKind, JsonSerializerOptions? json = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(workKind);
        WorkKind = workKind;
        _salt = Encoding.UTF8.GetBytes(workKind);
        _json = json;
    }

    /// <summary>The work kind/version salt given at creation.</summary>
    public string WorkKind { get; }

    /// <summary>Lookups answered from the cache.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups that ran the computation.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Number of cached results.</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// Returns the cached result for <paramref name="chunk"/>'s content, or runs <paramref name="compute"/> on the chunk's
    /// bytes and caches what it returns. Two threads missing the same chunk at once may both compute it.
    /// </summary>
    /// <param name="chunk">A chunk of <paramref name="content"/>.</param>
    /// <param name="content">The whole content the chunk was split from.</param>
    /// <param name="compute">The work; receives the chunk and its bytes.</param>
    public TResult GetOrCompute(Chunk chunk, ReadOnlyMemory<byte> content, Func<Chunk, ReadOnlyMemory<byte>, TResult> compute)
    {
        ArgumentNullException.ThrowIfNull(compute);
        var key = KeyOf(chunk.Hash);
        _used.TryAdd(key, 0);
        if (_entries.TryGetValue(key, out var cached))
        {
            Interlocked.Increment(ref _hits);
            return cached;
        }
        Interlocked.Increment(ref _misses);
        var result = compute(chunk, chunk.Slice(content));
        _entries[key] = result;
        return result;
    }

    /// <summary>Looks up a result without computing; does not touch the counters.</summary>
    public bool TryGet(Chunk chunk, out TResult result)
    {
        if (_entries.TryGetValue(KeyOf(chunk.Hash), out var found)) { result = found; return true; }
        result = default!;
        return false;
    }

    /// <summary>Sets the hit and miss counters back to zero (for example between two runs over the same cache).</summary>
    public void ResetCounters()
    {
        Interlocked.Exchange(ref _hits, 0);
        Interlocked.Exchange(ref _misses, 0);
    }

    private ContentHash KeyOf(ContentHash chunkHash)
    {
        Span<byte> buffer = stackalloc byte[_salt.Length + ContentHash.ByteLength];
        _salt.CopyTo(buffer);
        chunkHash.WriteTo(buffer[_salt.Length..]);
        return ContentHash.Of(buffer);
    }

    /// <summary>
    /// Loads a cache saved by <see cref="Save"/>. A missing file, or one written for another work kind, gives an empty
    /// cache silently; an unreadable or corrupt file gives an empty cache and a <see cref="ChunkingDiagnosticCodes.WorkCacheCorrupt"/> warning.
    /// </summary>
    public static ChunkWorkCache<TResult> Load(string path, string workKind, ICollection<Diagnostic>? diagnostics = null, JsonSerializerOptions? json = null)
    {
        var cache = new ChunkWorkCache<TResult>(workKind, json);
        if (!File.Exists(path)) return cache;
        try
        {
            var file = JsonSerializer.Deserialize<CacheFile>(File.ReadAllBytes(path), json);
            if (file is null || file.Format != FormatVersion || file.Entries is null)
                throw new JsonException("not a FlowForge chunk work cache (missing or unknown format)");
            if (file.WorkKind != workKind) return cache;
            foreach (var (hex, value) in file.Entries)
            {
                if (!ContentHash.TryParse(hex, out var key)) throw new JsonException($"'{hex}' is not a SHA-256 key");
                cache._entries[key] = value;
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or NotSupportedException or InvalidOperationException)
        {
            cache._entries.Clear();
            diagnostics?.Add(Diagnostic.Warning(ChunkingDiagnosticCodes.WorkCacheCorrupt,
                $"The chunk work cache is corrupt or unreadable ({ex.Message}); starting empty, the work is redone and the file rewritten on save.", path));
        }
        return cache;
    }

    /// <summary>
    /// Writes the cache atomically (readers see the old or the new file). With <paramref name="onlyUsed"/>, keeps only
    /// results looked up since creation or loading, so results for chunks that no longer exist do not pile up.
    /// Returns false and reports <see cref="ChunkingDiagnosticCodes.WorkCacheNotSaved"/> when the file cannot be written.
    /// </summary>
    public bool Save(string path, ICollection<Diagnostic>? diagnostics = null, bool onlyUsed = false)
    {
        var entries = new SortedDictionary<string, TResult>(StringComparer.Ordinal); // sorted: same cache, same bytes
        foreach (var (key, value) in _entries)
            if (!onlyUsed || _used.ContainsKey(key))
                entries[key.ToString()] = value;
        var file = new CacheFile { Format = FormatVersion, WorkKind = WorkKind, Entries = new Dictionary<string, TResult>(entries) };
        try
        {
            AtomicFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(file, _json));
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            diagnostics?.Add(Diagnostic.Warning(ChunkingDiagnosticCodes.WorkCacheNotSaved,
                $"The chunk work cache could not be saved ({ex.Message}); the next run recomputes more. Make the folder writable.", path));
            return false;
        }
    }

    private sealed class CacheFile
    {
        public int Format { get; set; }
        public string WorkKind { get; set; } = "";
        public Dictionary<string, TResult>? Entries { get; set; }
    }
}
