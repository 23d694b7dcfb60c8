namespace FlowForge.Config;

/// <summary>
/// Every key of <c>flowforge.toml</c>: the single source for validation, the README/docs table and
/// <c>dotnet flowforge config</c>. Add a key here and it is validated, documented (see the docs test) and mapped
/// to its MSBuild property by <c>FlowForge.Build.Config.targets</c> (a test checks the targets file lists it).
/// </summary>
public static class ConfigCatalog
{
    /// <summary>The file name looked for.</summary>
    public const string FileName = "flowforge.toml";

    /// <summary>Environment variable overriding <c>cache.root</c> (see <c>FlowForgePaths.CacheEnvironmentVariable</c>).</summary>
    public const string CacheEnvironmentVariable = "FLOWFORGE_CACHE";

    /// <summary>Environment variable overriding <c>cache.remote.url</c>.</summary>
    public const string RemoteCacheUrlEnvironmentVariable = "FLOWFORGE_REMOTE_CACHE_URL";

    /// <summary>Report formats accepted by <c>report.format</c>.</summary>
    public static readonly IReadOnlyList<string> ReportFormats = ["console", "markdown", "json", "html"];

    /// <summary>All keys, in documentation order.</summary>
    public static IReadOnlyList<ConfigKey> Keys { get; } =
    [
        new("cache.enabled", ConfigValueKind.Boolean, "FlowForgeCache", "true",
            "Store compile outputs in the cache and restore them on a fingerprint match. false keeps change detection but never stores or restores."),
        new("cache.root", ConfigValueKind.Path, "FlowForgeCacheRoot", "",
            "Folder of the local cache, relative to the folder of flowforge.toml. Default: the per-user cache folder ($XDG_CACHE_HOME/flowforge, ~/.cache/flowforge, %LOCALAPPDATA%\\FlowForge\\cache).",
            CacheEnvironmentVariable),
        new("cache.sizeLimit", ConfigValueKind.Size, "FlowForgeCacheSizeLimit", "10GB",
            "Largest size of the local cache; least recently used entries are evicted beyond it. Bytes as an integer, or a string such as \"10GB\", \"512MB\", \"1.5GiB\"."),
        new("cache.readOnly", ConfigValueKind.Boolean, "FlowForgeCacheReadOnly", "false",
            "Restore from the local cache but never add to it."),
        new("cache.keyFile", ConfigValueKind.Path, "FlowForgeCacheKeyFile", "",
            "A file holding the secret key(s) that sign and verify cache entries (one per line; the first signs, all verify), relative to the folder of flowforge.toml. The environment variable FLOWFORGE_CACHE_KEY (the keys themselves) takes precedence. Empty and no variable: entries are not signed or checked."),
        new("cache.remote.url", ConfigValueKind.Url, "FlowForgeRemoteCacheUrl", "",
            "Base URL of a remote cache with the Bazel HTTP layout (/ac/, /cas/): bazel-remote or nginx WebDAV. Empty: no remote cache. Keep credentials out of the file (FLOWFORGE_REMOTE_CACHE_TOKEN, _USER, _PASSWORD).",
            RemoteCacheUrlEnvironmentVariable),
        new("cache.remote.readOnly", ConfigValueKind.Boolean, "FlowForgeRemoteCacheReadOnly", "",
            "Download from the remote cache but never upload. Not set (the default): read-only exactly when the build is a pull-request build (detected from the CI's environment variables); true or false forces it either way."),
        new("cache.remote.connectTimeout", ConfigValueKind.Duration, "FlowForgeRemoteCacheConnectTimeout", "2s",
            "Time allowed to connect to the remote cache, e.g. \"2s\", \"500ms\". MSBuild gets milliseconds."),
        new("cache.remote.readTimeout", ConfigValueKind.Duration, "FlowForgeRemoteCacheReadTimeout", "10s",
            "Time allowed for a response, and the longest pause while a download streams. MSBuild gets milliseconds."),
        new("cache.backgroundStore", ConfigValueKind.Boolean, "FlowForgeCacheBackgroundStore", "true",
            "Store and upload a compile's outputs in a background writer while the build goes on; the end of the build waits for it (cache.drainTimeout). false stores inside the compile (for projects whose build rewrites the compile's outputs in obj/ afterwards)."),
        new("cache.drainTimeout", ConfigValueKind.Duration, "FlowForgeCacheDrainTimeout", "120s",
            "Longest wait at the end of the build for the background writer; stores not finished by then are dropped (never published half-way, FF2018 in the cache's writer.log). MSBuild gets milliseconds."),
        new("chunking.largeFileThreshold", ConfigValueKind.Size, "FlowForgeLargeFileThreshold", "1MiB",
            "Files at least this large are split into semantic chunks (stored once, changes reported per member)."),
        new("git.baseRef", ConfigValueKind.String, "FlowForgeGitBaseRef", "origin/main",
            "The ref that change sets and affected projects are computed against (dotnet flowforge affected)."),
        new("git.info", ConfigValueKind.Boolean, "FlowForgeGitInfo", "true",
            "Read git once per build and expose commit, branch and version properties to projects."),
        new("templates.variablesFile", ConfigValueKind.Path, "FlowForgeTemplateVariablesFile", "",
            "A TOML or JSON file of variables for template validation, relative to the folder of flowforge.toml."),
        new("templates.properties", ConfigValueKind.StringList, "FlowForgeTemplateProperties", "",
            "MSBuild properties made available to templates as variables, e.g. [\"Version\", \"Configuration\"]. MSBuild gets them joined with ';'."),
        new("report.format", ConfigValueKind.Choice, "FlowForgeReportFormat", "console",
            "Default format of dotnet flowforge report.", AllowedValues: ReportFormats),
        new("report.summary", ConfigValueKind.Boolean, "FlowForgeBuildSummary", "false",
            "Log a one-line FlowForge summary (gate decisions, cache hits, time saved) at the end of each build."),
        new("compile.gate", ConfigValueKind.Boolean, "FlowForgeCompileGate", "true",
            "Skip a compile whose fingerprint (contents of every input and every compiler option) is unchanged, and restore cached outputs."),
        new("compile.quickCheck", ConfigValueKind.Boolean, "FlowForgeQuickCheck", "true",
            "Skip the gate's check when every file its last check covered keeps the whole stat identity it recorded (size, mtime, ctime, inode, device); false: hash every input by content in every build, trusting no stat data."),
        new("project.skip", ConfigValueKind.Boolean, "FlowForgeProjectSkip", "true",
            "Skip every build target of a project whose inputs (files, imports, properties, references' decisions) and outputs in bin/ and obj/ are unchanged; stands aside, with the reason, for what it cannot model."),
        new("compile.stableLocalVersion", ConfigValueKind.Boolean, "FlowForgeStableLocalVersion", "true",
            "In local (non-CI) builds keep the commit out of the informational version and SourceLink data, so a commit alone does not invalidate every compile; CI builds still stamp it."),
    ];

    private static readonly Dictionary<string, ConfigKey> ByKey = Keys.ToDictionary(k => k.Key, StringComparer.Ordinal);

    /// <summary>The tables that may appear: every key's section and its parents (<c>cache</c>, <c>cache.remote</c>, …).</summary>
    public static IReadOnlySet<string> Sections { get; } = Keys
        .SelectMany(k => Prefixes(k.Section)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Looks a key up by its dotted name.</summary>
    public static bool TryGet(string key, out ConfigKey configKey) => ByKey.TryGetValue(key, out configKey!);

    /// <summary>Looks a key up by its MSBuild property name (case-insensitive, as MSBuild is).</summary>
    public static ConfigKey? ByProperty(string property) =>
        Keys.FirstOrDefault(k => string.Equals(k.MSBuildProperty, property, StringComparison.OrdinalIgnoreCase));

    /// <summary>Known names directly inside <paramref name="section"/> ("" for the root): keys and sub-tables.</summary>
    public static IReadOnlyList<string> ChildrenOf(string section)
    {
        var prefix = section.Length == 0 ? "" : section + ".";
        return Keys.Select(k => k.Key).Concat(Sections)
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length)
            .Select(name => name[prefix.Length..].Split('.')[0])
            .Distinct(StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<string> Prefixes(string section)
    {
        var parts = section.Split('.');
        for (int i = 1; i <= parts.Length; i++) yield return string.Join('.', parts.Take(i));
    }
}
