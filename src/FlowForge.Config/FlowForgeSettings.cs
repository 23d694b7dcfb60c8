namespace FlowForge.Config;

/// <summary>
/// Typed view of the effective configuration. Built from MSBuild-form values (see <see cref="FromValues"/>), so a
/// task can build it from its property parameters and the tool from <see cref="FlowForgeConfig.Load"/>; a value
/// that cannot be read falls back to the catalogue default.
/// </summary>
public sealed class FlowForgeSettings
{
    /// <summary>cache.enabled (FlowForgeCache).</summary>
    public bool CacheEnabled { get; init; } = true;

    /// <summary>cache.root (FlowForgeCacheRoot): full path, or null for the per-user default (see FlowForgePaths.ResolveCacheRoot).</summary>
    public string? CacheRoot { get; init; }

    /// <summary>cache.sizeLimit (FlowForgeCacheSizeLimit) in bytes.</summary>
    public long CacheSizeLimit { get; init; } = 10_000_000_000;

    /// <summary>cache.readOnly (FlowForgeCacheReadOnly).</summary>
    public bool CacheReadOnly { get; init; }

    /// <summary>cache.keyFile (FlowForgeCacheKeyFile): full path of the file with the cache keys, or null.</summary>
    public string? CacheKeyFile { get; init; }

    /// <summary>cache.remote.url (FlowForgeRemoteCacheUrl), or null when there is no remote cache.</summary>
    public string? RemoteCacheUrl { get; init; }

    /// <summary>cache.remote.readOnly (FlowForgeRemoteCacheReadOnly): true or false when set explicitly; null (the
    /// default) means automatic — read-only for pull-request builds (see FlowForge.Caching's PullRequestBuild).</summary>
    public bool? RemoteCacheReadOnly { get; init; }

    /// <summary>cache.remote.connectTimeout (FlowForgeRemoteCacheConnectTimeout).</summary>
    public TimeSpan RemoteCacheConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>cache.remote.readTimeout (FlowForgeRemoteCacheReadTimeout).</summary>
    public TimeSpan RemoteCacheReadTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>cache.backgroundStore (FlowForgeCacheBackgroundStore).</summary>
    public bool CacheBackgroundStore { get; init; } = true;

    /// <summary>cache.drainTimeout (FlowForgeCacheDrainTimeout).</summary>
    public TimeSpan CacheDrainTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>chunking.largeFileThreshold (FlowForgeLargeFileThreshold) in bytes.</summary>
    public long LargeFileThreshold { get; init; } = 1L << 20;

    /// <summary>git.baseRef (FlowForgeGitBaseRef).</summary>
    public string GitBaseRef { get; init; } = "origin/main";

    /// <summary>git.info (FlowForgeGitInfo).</summary>
    public bool GitInfo { get; init; } = true;

    /// <summary>templates.variablesFile (FlowForgeTemplateVariablesFile): full path, or null.</summary>
    public string? TemplateVariablesFile { get; init; }

    /// <summary>templates.properties (FlowForgeTemplateProperties).</summary>
    public IReadOnlyList<string> TemplateProperties { get; init; } = [];

    /// <summary>report.format (FlowForgeReportFormat): console, markdown, json or html.</summary>
    public string ReportFormat { get; init; } = "console";

    /// <summary>report.summary (FlowForgeBuildSummary).</summary>
    public bool BuildSummary { get; init; }

    /// <summary>compile.gate (FlowForgeCompileGate).</summary>
    public bool CompileGate { get; init; } = true;

    /// <summary>compile.quickCheck (FlowForgeQuickCheck).</summary>
    public bool QuickCheck { get; init; } = true;

    /// <summary>compile.stableLocalVersion (FlowForgeStableLocalVersion).</summary>
    public bool StableLocalVersion { get; init; }

    /// <summary>The defaults of <see cref="ConfigCatalog"/>.</summary>
    public static FlowForgeSettings Default { get; } = FromValues(_ => null);

    /// <summary>
    /// Builds settings from MSBuild-form values looked up by MSBuild property name (e.g. a task's parameters, or
    /// <see cref="EffectiveConfig.ValueOf(string)"/>). Null, empty or unreadable values take the default.
    /// </summary>
    public static FlowForgeSettings FromValues(Func<string, string?> valueOfProperty)
    {
        ArgumentNullException.ThrowIfNull(valueOfProperty);
        string? Raw(string key)
        {
            ConfigCatalog.TryGet(key, out var k);
            var v = valueOfProperty(k.MSBuildProperty);
            return string.IsNullOrWhiteSpace(v) ? null : v.Trim();
        }
        string DefaultOf(string key) { ConfigCatalog.TryGet(key, out var k); return k.Default; }
        bool Bool(string key) => ConfigValues.TryParseBoolean(Raw(key), out var b) ? b : DefaultOf(key) == "true";
        long Size(string key) => ConfigValues.TryParseSize(Raw(key), out var n) ? n : ConfigValues.TryParseSize(DefaultOf(key), out var d) ? d : 0;
        TimeSpan Duration(string key) => ConfigValues.TryParseDuration(Raw(key), out var t, allowBareMilliseconds: true) ? t
            : ConfigValues.TryParseDuration(DefaultOf(key), out var d) ? d : TimeSpan.Zero;
        string? Path(string key) => Raw(key) is { } p ? System.IO.Path.GetFullPath(p) : null;

        var format = Raw("report.format")?.ToLowerInvariant();
        return new FlowForgeSettings
        {
            CacheEnabled = Bool("cache.enabled"),
            CacheRoot = Path("cache.root"),
            CacheSizeLimit = Size("cache.sizeLimit"),
            CacheReadOnly = Bool("cache.readOnly"),
            CacheKeyFile = Path("cache.keyFile"),
            RemoteCacheUrl = Raw("cache.remote.url"),
            RemoteCacheReadOnly = ConfigValues.TryParseBoolean(Raw("cache.remote.readOnly"), out var remoteReadOnly) ? remoteReadOnly : null,
            RemoteCacheConnectTimeout = Duration("cache.remote.connectTimeout"),
            RemoteCacheReadTimeout = Duration("cache.remote.readTimeout"),
            CacheBackgroundStore = Bool("cache.backgroundStore"),
            CacheDrainTimeout = Duration("cache.drainTimeout"),
            LargeFileThreshold = Size("chunking.largeFileThreshold"),
            GitBaseRef = Raw("git.baseRef") ?? DefaultOf("git.baseRef"),
            GitInfo = Bool("git.info"),
            TemplateVariablesFile = Path("templates.variablesFile"),
            TemplateProperties = (Raw("templates.properties") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            ReportFormat = format is not null && ConfigCatalog.ReportFormats.Contains(format) ? format : DefaultOf("report.format"),
            BuildSummary = Bool("report.summary"),
            CompileGate = Bool("compile.gate"),
            QuickCheck = Bool("compile.quickCheck"),
            StableLocalVersion = Bool("compile.stableLocalVersion"),
        };
    }
}
