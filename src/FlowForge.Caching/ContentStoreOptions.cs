namespace FlowForge.Caching;

/// <summary>Settings of a <see cref="ContentStore"/>.</summary>
public sealed record ContentStoreOptions
{
    /// <summary>Above this many bytes the store evicts least-recently-used files down to
    /// <see cref="EvictionLowWaterRatio"/> of it, so eviction runs in batches rather than on every store. Default 10 GB
    /// (10^10 bytes), the documented default of <c>FlowForgeCacheSizeLimit</c> / <c>cache.sizeLimit</c>.</summary>
    public long SizeLimitBytes { get; init; } = DefaultSizeLimitBytes;

    /// <summary>The default size limit: 10 GB, as in the configuration catalogue ("10GB", powers of 1000).</summary>
    public const long DefaultSizeLimitBytes = 10_000_000_000;

    /// <summary>Fraction of <see cref="SizeLimitBytes"/> that eviction frees down to. Default 0.9.</summary>
    public double EvictionLowWaterRatio { get; init; } = 0.9;

    /// <summary>Lookups and restores only: nothing in the cache folder is written, touched or deleted
    /// (corrupt entries are still reported and treated as misses).</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Longest total wait for the store lock before giving up with a warning. Default 10 s.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Recorded in every entry (diagnostic only; the fingerprint already covers what affects outputs).</summary>
    public string ToolVersion { get; init; } = typeof(ContentStoreOptions).Assembly.GetName().Version?.ToString() ?? "0";

    /// <summary>Outputs at least this large (and at most 1 GiB) are stored as a chunk list plus chunk blobs, so versions of a
    /// large file share their unchanged chunks (FlowForgeLargeFileThreshold, default 1 MiB). 0 stores every file whole.</summary>
    public long LargeFileThreshold { get; init; } = 1L << 20;

    /// <summary>With a cache key: entries are written signed, and entries not signed with one of its keys are misses
    /// (<see cref="CacheDiagnosticCodes.UntrustedEntry"/>). Null: entries are neither signed nor checked (as before keys).</summary>
    public EntrySigner? Signer { get; init; }

    /// <summary>The file-system seam; tests inject faults here.</summary>
    public CacheFileSystem FileSystem { get; init; } = CacheFileSystem.Physical;
}
