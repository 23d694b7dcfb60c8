namespace FlowForge.Caching;

/// <summary>
/// Diagnostic codes of the build output cache (FF2xxx). Every one is a warning or a message:
/// the cache is an optimisation, so a cache problem never fails a build — the project compiles instead.
/// </summary>
public static class CacheDiagnosticCodes
{
    /// <summary>A cached blob does not hash to its name (bit rot, truncation, tampering on disk). The blob and the
    /// entry that used it are deleted and the project compiles. Fix: nothing; run <c>dotnet flowforge cache verify</c> if it repeats.</summary>
    public const string CorruptBlob = "FF2001";

    /// <summary>A cached action entry (manifest) is unreadable, fails its integrity check or names another key.
    /// It is deleted and treated as a miss.</summary>
    public const string CorruptEntry = "FF2002";

    /// <summary>A manifest names an output path outside the project's obj/ folder (<c>..</c>, rooted, drive, empty segment).
    /// It is rejected as a miss: a cache must never write outside obj/. Fix: clear the cache; find who wrote the entry.</summary>
    public const string UnsafePath = "FF2003";

    /// <summary>The cache folder cannot be written (permissions, read-only file system). Outputs are not stored;
    /// the build goes on. Fix: make the folder writable or set another cache root.</summary>
    public const string NotWritable = "FF2004";

    /// <summary>Writing to the cache failed (disk full or another I/O error). Nothing half-written is kept;
    /// the build goes on. Fix: free disk space or lower the cache size limit.</summary>
    public const string WriteFailed = "FF2005";

    /// <summary>The cache lock was not obtained within the bounded wait (another process held it too long).
    /// The operation is skipped rather than hanging the build.</summary>
    public const string LockTimeout = "FF2006";

    /// <summary>The cache's size index was missing or corrupt and was rebuilt by scanning the cache (informational).</summary>
    public const string SizeIndexRebuilt = "FF2007";

    /// <summary>Restored outputs could not be written into obj/ (file in use, permissions). The project compiles instead.</summary>
    public const string RestoreFailed = "FF2008";

    /// <summary>The cache could not be read (I/O error, permissions). Treated as a miss.</summary>
    public const string ReadFailed = "FF2009";

    /// <summary>The remote cache did not answer (connection refused, timeout, DNS). It is disabled for the rest of
    /// the build after this one warning, so a dead server costs at most one timeout. Fix: check the URL/server.</summary>
    public const string RemoteUnreachable = "FF2010";

    /// <summary>Content downloaded from the remote cache does not hash to its name, or an entry names another key.
    /// It is rejected (never restored). Fix: check the server and anything between (proxies); clear the remote entry.</summary>
    public const string RemoteTampered = "FF2011";

    /// <summary>The remote cache answered with an error (5xx after retries, 401/403 credentials, 400 validation).
    /// It is disabled for the rest of the build. Fix: see the status in the message; for bazel-remote start it with
    /// <c>--disable_http_ac_validation</c>.</summary>
    public const string RemoteError = "FF2012";

    /// <summary>The remote cache URL is not a valid absolute http(s) URL; the remote tier is off. Fix: correct the URL.</summary>
    public const string RemoteInvalidUrl = "FF2013";

    /// <summary>The compile's SARIF warning log under obj/ (written by FlowForge's Csc, or by the compiler when
    /// FlowForgeCaptureCompilerWarnings=false) is missing, is not SARIF 2.1, or holds a result without a rule id, so the
    /// compile's warnings cannot be replayed on a cache hit; its outputs are not stored. The build is unaffected. Fix: do
    /// not set FlowForgeCompileErrorLog, or make it a <c>.sarif</c> file the compiler writes as version 2.1.</summary>
    public const string CompilerLogUnreadable = "FF2014";

    /// <summary>Informational: the remote cache is read-only for this build because it is a pull-request build
    /// (detected from the CI's environment variables), so untrusted changes cannot put outputs into the shared cache.
    /// Fix (only if the pull requests of this repository are trusted): set <c>FlowForgeRemoteCacheReadOnly=false</c>.</summary>
    public const string RemoteReadOnlyForPullRequest = "FF2015";

    /// <summary>A cache key is set (FLOWFORGE_CACHE_KEY or FlowForgeCacheKeyFile) and an action entry, local or remote, is not
    /// signed with one of its keys: unsigned (written by a build without the key) or forged (someone with write access to
    /// the cache recomputed its checksum). It is a miss, never restored; the project compiles and its signed entry replaces
    /// it. Fix: give every build that writes the cache the key (keep keyless builds read-only); if it repeats for a cache
    /// only key holders write, find who else can write there.</summary>
    public const string UntrustedEntry = "FF2016";

    /// <summary>The cache key setting is unusable: the key file cannot be read or holds no key, or a key is shorter than
    /// 16 characters. The build cache is off for this build (a build meant to verify entries must not fall back to
    /// trusting them). Fix: point FlowForgeCacheKeyFile at a readable file, or set FLOWFORGE_CACHE_KEY, with keys from
    /// e.g. <c>openssl rand -hex 32</c>.</summary>
    public const string CacheKeyUnusable = "FF2017";

    /// <summary>The end of the build waited for the cache's background writer for the whole drain bound
    /// (FlowForgeCacheDrainTimeout) and dropped the stores it had not finished: their entries were never published, so
    /// nothing partial is visible, and those projects compile again on their next cache miss. Written to the cache's
    /// writer.log. Fix: raise FlowForgeCacheDrainTimeout, or look at the remote's speed (uploads are most of the wait).</summary>
    public const string DrainTimedOut = "FF2018";

    /// <summary>An output handed to the background writer is no longer what the compile wrote (a step after the compile
    /// rewrote it in obj/, e.g. an IL weaver): nothing is stored for that compile. Fix: set
    /// FlowForgeCacheBackgroundStore=false for such a project (its outputs are then stored inside the compile, before the
    /// rewrite).</summary>
    public const string OutputChangedAfterCompile = "FF2019";
}
