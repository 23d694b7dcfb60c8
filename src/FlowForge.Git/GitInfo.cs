using FlowForge.Core.Diagnostics;

namespace FlowForge.Git;

/// <summary>
/// Everything a build stamps or versions from git, read once per build by <see cref="GitInfoProvider"/>.
/// Values that could not be determined are null; <see cref="Warnings"/> says why.
/// </summary>
public sealed record GitInfo
{
    /// <summary>A git repository was found.</summary>
    public bool IsRepository { get; init; }
    /// <summary>The working tree root (where the .git directory or file is); null without a repository or for bare ones.</summary>
    public string? RepositoryRoot { get; init; }
    /// <summary>The per-worktree git dir.</summary>
    public string? GitDirectory { get; init; }
    /// <summary>The full HEAD commit id (40 or 64 hex digits); null without commits.</summary>
    public string? Commit { get; init; }
    /// <summary>The first <see cref="GitInfoOptions.ShortCommitLength"/> digits of <see cref="Commit"/>.</summary>
    public string? ShortCommit { get; init; }
    /// <summary>The checked-out branch; for detached checkouts the CI-provided branch when available, else null.</summary>
    public string? Branch { get; init; }
    /// <summary>Where <see cref="Branch"/> came from: "HEAD", or the CI variable name (e.g. "GITHUB_REF").</summary>
    public string? BranchSource { get; init; }
    /// <summary>HEAD is detached (points to a commit, not a branch).</summary>
    public bool IsDetached { get; init; }
    /// <summary>Tracked files differ from HEAD (untracked files do not count); null when git could not run.</summary>
    public bool? IsDirty { get; init; }
    /// <summary>Number of untracked files; null when git could not run.</summary>
    public int? UntrackedFiles { get; init; }
    /// <summary>Committer date of HEAD, strict ISO-8601 with offset (git's %cI); null when unknown.</summary>
    public string? CommitDate { get; init; }
    /// <summary><c>git describe --tags --long --always</c> form (<c>v1.2-3-gabc1234</c>, or the short id without tags),
    /// with "-dirty" appended when <see cref="IsDirty"/>; null when unknown.</summary>
    public string? Describe { get; init; }
    /// <summary>The upstream branch (e.g. origin/main) and ahead/behind counts, when tracking is set up.</summary>
    public string? Upstream { get; init; }
    /// <summary>Commits ahead of <see cref="Upstream"/>.</summary>
    public int? Ahead { get; init; }
    /// <summary>Commits behind <see cref="Upstream"/>.</summary>
    public int? Behind { get; init; }
    /// <summary>A shallow clone (history is cut; describe and changed files may be incomplete).</summary>
    public bool IsShallow { get; init; }
    /// <summary>A linked worktree (<c>git worktree add</c>).</summary>
    public bool IsWorktree { get; init; }
    /// <summary>A submodule checkout.</summary>
    public bool IsSubmodule { get; init; }
    /// <summary>"sha1" or "sha256".</summary>
    public string ObjectFormat { get; init; } = "sha1";
    /// <summary>URL of origin (or the first remote) without credentials; null when no remote is configured.</summary>
    public string? RemoteUrl { get; init; }
    /// <summary>The values came from the on-disk cache; no git process ran.</summary>
    public bool FromCache { get; init; }
    /// <summary>Coded FF3xxx diagnostics about why some values are missing or approximate.</summary>
    public List<Diagnostic> Warnings { get; init; } = new();
}
