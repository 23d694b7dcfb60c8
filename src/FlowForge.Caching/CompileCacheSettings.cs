using FlowForge.Config;
using FlowForge.Core.Configuration;

namespace FlowForge.Caching;

/// <summary>
/// The resolved settings of a <see cref="CompileCache"/>: every default applied, the environment consulted, the remote's
/// read-only mode decided. Build it with <see cref="From"/> from <see cref="FlowForgeSettings"/> (a task: from its
/// property parameters with <c>FlowForgeSettings.FromValues</c>; the tool: from <c>FlowForgeConfig.Load</c>). Equal
/// settings mean one shared cache: <see cref="SharingKey"/> is the key to register it under.
/// </summary>
public sealed record CompileCacheSettings
{
    /// <summary>FlowForgeCache: false means never look up and never store.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The local cache folder (full path).</summary>
    public required string Root { get; init; }

    /// <summary>FlowForgeCacheSizeLimit in bytes.</summary>
    public long SizeLimitBytes { get; init; } = ContentStoreOptions.DefaultSizeLimitBytes;

    /// <summary>FlowForgeLargeFileThreshold in bytes: outputs at least this large are stored as chunk lists (0 = whole).</summary>
    public long LargeFileThreshold { get; init; } = 1L << 20;

    /// <summary>FlowForgeCacheReadOnly: restore from the local cache, never write to it.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>The keys of FLOWFORGE_CACHE_KEY (which wins over <see cref="KeyFile"/>), or null. Never shown: its ToString
    /// hides the keys.</summary>
    public EntrySigner? Signer { get; init; }

    /// <summary>FlowForgeCacheKeyFile / cache.keyFile when FLOWFORGE_CACHE_KEY is not set: read when the cache opens.</summary>
    public string? KeyFile { get; init; }

    /// <summary>Why the cache key setting is unusable (FLOWFORGE_CACHE_KEY holds a too-short key), or null. The cache is
    /// then off: see <see cref="CacheDiagnosticCodes.CacheKeyUnusable"/>.</summary>
    public string? KeyProblem { get; init; }

    /// <summary>True when the remote URL came from flowforge.toml, whose reader already warned (FF5108) about
    /// credentials in it; the cache then does not warn a second time.</summary>
    public bool RemoteUrlWarnedByConfigFile { get; init; }

    /// <summary>FlowForgeRemoteCacheUrl / FLOWFORGE_REMOTE_CACHE_URL, or null for no remote. May carry credentials
    /// (they are moved to the Authorization header and never shown).</summary>
    public string? RemoteUrl { get; init; }

    /// <summary>The remote tier downloads only.</summary>
    public bool RemoteReadOnly { get; init; }

    /// <summary>Why <see cref="RemoteReadOnly"/> has its value: "FlowForgeRemoteCacheReadOnly=true", "pull-request build
    /// (GITHUB_EVENT_NAME=pull_request)", or null for the default (read-write).</summary>
    public string? RemoteReadOnlyReason { get; init; }

    /// <summary>FlowForgeRemoteCacheConnectTimeout.</summary>
    public TimeSpan RemoteConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>FlowForgeRemoteCacheReadTimeout.</summary>
    public TimeSpan RemoteReadTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>FlowForgeCacheBackgroundStore: stores (and uploads) run in a background writer while the build goes on;
    /// false stores inside the compile.</summary>
    public bool BackgroundStore { get; init; } = true;

    /// <summary>FlowForgeCacheDrainTimeout: how long the end of the build waits for the background writer before it drops
    /// the stores left (nothing partial is published).</summary>
    public TimeSpan DrainTimeout { get; init; } = DefaultDrainTimeout;

    public static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Stores the background writer runs at once (each uploads in parallel on its own).</summary>
    public int WriterConcurrency { get; init; } = 2;

    /// <summary>
    /// Resolves <paramref name="settings"/>: the root through <see cref="FlowForgePaths.ResolveCacheRoot"/>
    /// (FlowForgeCacheRoot, else FLOWFORGE_CACHE, else the per-user folder); the remote URL from the setting or
    /// FLOWFORGE_REMOTE_CACHE_URL; the remote's read-only mode from FlowForgeRemoteCacheReadOnly when set either way,
    /// else from <see cref="PullRequestBuild.Detect"/>. Non-positive sizes and timeouts take the defaults.
    /// </summary>
    public static CompileCacheSettings From(FlowForgeSettings settings, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var url = settings.RemoteCacheUrl;
        if (string.IsNullOrWhiteSpace(url)) url = environment(ConfigCatalog.RemoteCacheUrlEnvironmentVariable);

        bool remoteReadOnly;
        string? reason;
        if (settings.RemoteCacheReadOnly is { } explicitValue)
        {
            remoteReadOnly = explicitValue;
            reason = $"FlowForgeRemoteCacheReadOnly={(explicitValue ? "true" : "false")}";
        }
        else
        {
            var pullRequest = PullRequestBuild.Detect(environment);
            remoteReadOnly = pullRequest is not null;
            reason = pullRequest is null ? null : $"pull-request build ({pullRequest})";
        }

        // The keys are read from the environment here, never through an MSBuild property: a binlog records properties.
        var keys = environment(EntrySigner.KeyVariable);
        var signer = EntrySigner.Parse(keys, EntrySigner.KeyVariable, out var keyProblem);

        var defaults = new RemoteCacheOptions { BaseUrl = new Uri("http://localhost/") };
        return new CompileCacheSettings
        {
            Enabled = settings.CacheEnabled,
            Root = FlowForgePaths.ResolveCacheRoot(settings.CacheRoot, environment),
            SizeLimitBytes = settings.CacheSizeLimit > 0 ? settings.CacheSizeLimit : ContentStoreOptions.DefaultSizeLimitBytes,
            LargeFileThreshold = settings.LargeFileThreshold >= 0 ? settings.LargeFileThreshold : 1L << 20,
            ReadOnly = settings.CacheReadOnly,
            Signer = signer,
            KeyFile = string.IsNullOrWhiteSpace(keys) ? settings.CacheKeyFile : null,
            KeyProblem = keyProblem,
            RemoteUrl = string.IsNullOrWhiteSpace(url) ? null : url.Trim(),
            RemoteReadOnly = remoteReadOnly,
            RemoteReadOnlyReason = reason,
            RemoteConnectTimeout = settings.RemoteCacheConnectTimeout > TimeSpan.Zero ? settings.RemoteCacheConnectTimeout : defaults.ConnectTimeout,
            RemoteReadTimeout = settings.RemoteCacheReadTimeout > TimeSpan.Zero ? settings.RemoteCacheReadTimeout : defaults.RequestTimeout,
            BackgroundStore = settings.CacheBackgroundStore,
            DrainTimeout = settings.CacheDrainTimeout > TimeSpan.Zero ? settings.CacheDrainTimeout : DefaultDrainTimeout,
        };
    }

    /// <summary>
    /// Identifies the cache these settings open, for sharing one instance per build and MSBuild node
    /// (<c>RegisterTaskObject</c> key). It contains no credentials: a URL's user info is replaced by a hash of it, and the
    /// cache keys by <see cref="EntrySigner.Id"/>.
    /// </summary>
    public string SharingKey
    {
        get
        {
            var url = RemoteUrl is null ? "" : RemoteCacheUrl.Sanitize(RemoteUrl) + "#" +
                FlowForge.Core.Hashing.ContentHash.Of(RemoteUrl).ToShortString();
            var keys = Signer?.Id ?? (KeyProblem is not null ? "unusable" : KeyFile ?? "");
            return string.Join("|", "compile-cache", Enabled, Root, SizeLimitBytes, LargeFileThreshold, ReadOnly, keys, url, RemoteReadOnly,
                (long)RemoteConnectTimeout.TotalMilliseconds, (long)RemoteReadTimeout.TotalMilliseconds, BackgroundStore,
                (long)DrainTimeout.TotalMilliseconds, WriterConcurrency);
        }
    }
}
