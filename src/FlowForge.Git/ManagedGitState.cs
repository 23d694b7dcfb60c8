using FlowForge.Core.Diagnostics;

namespace FlowForge.Git;

/// <summary>What <see cref="ManagedGitReader"/> reads from the files of a repository, without git.</summary>
public sealed class ManagedGitState
{
    /// <summary>The repository's location.</summary>
    public required GitRepositoryLocation Location { get; init; }
    /// <summary>Object id format from <c>extensions.objectFormat</c>.</summary>
    public GitObjectFormat ObjectFormat { get; init; }
    /// <summary>Raw HEAD file content (part of the identity stamp); null when unreadable.</summary>
    public string? HeadContent { get; init; }
    /// <summary>The ref HEAD points to (<c>refs/heads/main</c>), null when detached or unreadable.</summary>
    public string? HeadRef { get; init; }
    /// <summary>The branch name (HEAD's ref without <c>refs/heads/</c>); null when detached.</summary>
    public string? Branch { get; init; }
    /// <summary>HEAD stores an id directly.</summary>
    public bool IsDetached { get; init; }
    /// <summary>HEAD points to a branch without commits (fresh <c>git init</c>).</summary>
    public bool IsUnborn { get; init; }
    /// <summary>The commit HEAD resolves to; null when unborn or unreadable.</summary>
    public string? Commit { get; init; }
    /// <summary>HEAD's ref as resolved (source file, for the identity stamp); null when detached/unborn.</summary>
    public ResolvedRef? ResolvedHead { get; init; }
    /// <summary>A <c>shallow</c> file exists in the common dir.</summary>
    public bool IsShallow { get; init; }
    /// <summary>Refs are stored in a format this reader does not read (reftable); take HEAD data from the CLI.</summary>
    public bool RefsUnreadable { get; init; }
    /// <summary>The sanitized URL of <c>origin</c> (or of the first remote with a URL); null when none.</summary>
    public string? RemoteUrl { get; init; }
    /// <summary>Problems found while reading; the values above are the best available despite them.</summary>
    public List<Diagnostic> Diagnostics { get; init; } = new();
}
