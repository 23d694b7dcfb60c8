using FlowForge.Core.Diagnostics;

namespace FlowForge.Git;

/// <summary>A changed path, both repository-relative ('/' separators, as git prints it) and full.</summary>
public sealed record ChangedFile(string RelativePath, string FullPath);

/// <summary>The result of <see cref="GitChanges.Since"/>.</summary>
public sealed class GitChangeSet
{
    /// <summary>The change set could not be computed (shallow clone, missing base, git absent…):
    /// callers must treat every project as affected. <see cref="Warnings"/> says why.</summary>
    public bool IsUnknown { get; init; }
    /// <summary>The merge base of base and head that the diff started from.</summary>
    public string? MergeBase { get; init; }
    /// <summary>The repository root the paths are relative to.</summary>
    public string? RepositoryRoot { get; init; }
    /// <summary>Changed, added and deleted paths (a rename is its old and its new path), sorted, no duplicates.</summary>
    public List<ChangedFile> Files { get; init; } = new();
    /// <summary>Coded FF3xxx diagnostics.</summary>
    public List<Diagnostic> Warnings { get; init; } = new();

    internal static GitChangeSet Unknown(string? root, Diagnostic reason) =>
        new() { IsUnknown = true, RepositoryRoot = root, Warnings = [reason] };
}
