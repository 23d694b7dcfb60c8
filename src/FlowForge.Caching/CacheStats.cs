namespace FlowForge.Caching;

/// <summary>
/// What <c>dotnet flowforge cache stats</c> shows: the store's size (from the size index) and the hit rate of
/// recent lookups (from the rolling stats log, which keeps roughly the last few thousand lookups).
/// </summary>
public sealed record CacheStats(long Entries, long Blobs, long Bytes, long SizeLimitBytes, int RecentHits, int RecentMisses, long RecentBytesRestored)
{
    /// <summary>Hits / (hits + misses) of recent lookups, 0 when there were none.</summary>
    public double RecentHitRate => RecentHits + RecentMisses == 0 ? 0 : (double)RecentHits / (RecentHits + RecentMisses);
}
