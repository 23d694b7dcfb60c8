namespace FlowForge.Git;

/// <summary>Kinds of entries in <c>git status --porcelain=v2</c>.</summary>
public enum StatusEntryKind
{
    /// <summary>"1": an ordinary changed tracked file.</summary>
    Changed,
    /// <summary>"2": a renamed or copied file.</summary>
    RenamedOrCopied,
    /// <summary>"u": an unmerged (conflicted) file.</summary>
    Unmerged,
    /// <summary>"?": an untracked file.</summary>
    Untracked,
    /// <summary>"!": an ignored file (only with --ignored).</summary>
    Ignored,
}

/// <summary>One file line of porcelain v2 output.</summary>
/// <param name="Kind">The entry kind.</param>
/// <param name="XY">The two status letters (index, worktree), e.g. ".M"; "??"/"!!" for untracked/ignored.</param>
/// <param name="Path">Repository-relative path with '/' separators.</param>
/// <param name="OriginalPath">For renames/copies: the source path.</param>
public sealed record StatusEntry(StatusEntryKind Kind, string XY, string Path, string? OriginalPath = null);

/// <summary>Parsed <c>git status --porcelain=v2 --branch -z</c>.</summary>
public sealed class GitStatus
{
    /// <summary>"# branch.oid": the HEAD commit, or null for "(initial)" (no commits yet).</summary>
    public string? HeadCommit { get; init; }
    /// <summary>"# branch.head": the branch, or null for "(detached)".</summary>
    public string? Branch { get; init; }
    /// <summary>"# branch.head" was "(detached)".</summary>
    public bool IsDetached { get; init; }
    /// <summary>"# branch.upstream", e.g. "origin/main".</summary>
    public string? Upstream { get; init; }
    /// <summary>Commits ahead of the upstream ("# branch.ab +A -B").</summary>
    public int? Ahead { get; init; }
    /// <summary>Commits behind the upstream.</summary>
    public int? Behind { get; init; }
    /// <summary>Every file entry in output order.</summary>
    public List<StatusEntry> Entries { get; init; } = new();

    /// <summary>Tracked files differ from HEAD (staged, unstaged or conflicted); untracked files do not count,
    /// matching <c>git describe --dirty</c>.</summary>
    public bool IsDirty => Entries.Exists(e => e.Kind is StatusEntryKind.Changed or StatusEntryKind.RenamedOrCopied or StatusEntryKind.Unmerged);

    /// <summary>Number of untracked (not ignored) files.</summary>
    public int UntrackedCount => Entries.Count(e => e.Kind == StatusEntryKind.Untracked);
}
