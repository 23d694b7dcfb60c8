namespace FlowForge.Git;

/// <summary>Where a repository's pieces are on disk, as found by <see cref="RepositoryLocator"/>.</summary>
/// <param name="WorkingDirectory">The working tree root, or null for a bare repository.</param>
/// <param name="GitDirectory">The per-worktree git dir (holds HEAD and index): <c>.git</c>, or <c>.git/worktrees/x</c>, or <c>.git/modules/x</c>.</param>
/// <param name="CommonDirectory">The shared git dir (refs, packed-refs, objects, config); equals <paramref name="GitDirectory"/> except in linked worktrees.</param>
/// <param name="IsWorktree">A linked worktree (<c>git worktree add</c>): the git dir has a <c>commondir</c> file.</param>
/// <param name="IsSubmodule">A submodule checkout whose git dir lives in the superproject's <c>.git/modules</c>.</param>
/// <param name="IsBare">A bare repository (no working tree).</param>
public sealed record GitRepositoryLocation(
    string? WorkingDirectory,
    string GitDirectory,
    string CommonDirectory,
    bool IsWorktree,
    bool IsSubmodule,
    bool IsBare);
