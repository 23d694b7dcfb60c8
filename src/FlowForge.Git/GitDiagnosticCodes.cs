namespace FlowForge.Git;

/// <summary>
/// The FF3xxx codes the git library reports. Every one of them degrades: the build goes on with the
/// best git information available, so none of them is an error by itself.
/// </summary>
public static class GitDiagnosticCodes
{
    /// <summary>No git repository was found above the start folder; git properties stay empty.
    /// Fix: build inside a clone, or set FlowForgeGitInfo=false (or list FF3001 in FlowForgeGitNoWarn) for builds from a source archive.</summary>
    public const string NoRepository = "FF3001";

    /// <summary>The git executable was not found on PATH (or at the configured path); dirty state, commit date
    /// and describe are unknown, HEAD/branch still come from the managed reader. Fix: install git or put it on PATH.</summary>
    public const string GitNotFound = "FF3002";

    /// <summary>The repository is a shallow clone: describe, version heights and changed-file lists may be wrong.
    /// Fix: fetch full history (e.g. actions/checkout with fetch-depth: 0, or git fetch --unshallow).</summary>
    public const string ShallowClone = "FF3003";

    /// <summary>git refused the repository because it is owned by another user ("dubious ownership").
    /// Fix: git config --global --add safe.directory &lt;path&gt;, or build as the owner.</summary>
    public const string DubiousOwnership = "FF3004";

    /// <summary>A git command exited with an error; the data it would have given is unknown.</summary>
    public const string GitCommandFailed = "FF3005";

    /// <summary>A git command did not finish within the timeout and was killed.
    /// Fix: check for hung credential helpers or a very large working tree, or raise the timeout.</summary>
    public const string GitCommandTimedOut = "FF3006";

    /// <summary>HEAD, a ref file, packed-refs or a .git file is unreadable or malformed; the affected values are unknown.</summary>
    public const string CorruptRef = "FF3007";

    /// <summary>The repository's config file has a syntax error; values after the bad line may be missing.</summary>
    public const string ConfigSyntaxError = "FF3008";

    /// <summary>The base ref given for changed files does not exist (not fetched?); every project is treated as affected.
    /// Fix: fetch the base branch (git fetch origin main) before computing affected projects.</summary>
    public const string BaseRefNotFound = "FF3009";

    /// <summary>The repository uses a format the managed reader does not read (e.g. reftable refs, an unknown
    /// object format); values come from the git CLI only.</summary>
    public const string UnsupportedRepositoryFormat = "FF3010";

    /// <summary>The on-disk git info cache was corrupt; it was ignored and rewritten.</summary>
    public const string CacheCorrupt = "FF3011";

    /// <summary>A ref argument was rejected because it could be read as a git option (starts with '-') or is empty.</summary>
    public const string InvalidRefArgument = "FF3012";
}
