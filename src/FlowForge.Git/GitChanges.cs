using FlowForge.Core.Diagnostics;

namespace FlowForge.Git;

/// <summary>
/// Changed files between a base ref and a head for <c>dotnet flowforge affected</c>:
/// <c>git merge-base base head</c>, then <c>git diff --name-only --no-renames -z &lt;merge-base&gt; head</c>
/// (the same set as <c>base...head</c>, without computing the merge base twice). <c>--no-renames</c> makes a
/// rename its deletion plus its addition, so the project that lost the file is affected too.
/// Without a head, the working tree is the head: committed, staged, unstaged and untracked changes.
/// </summary>
public static class GitChanges
{
    /// <summary>
    /// Lists paths changed on <paramref name="headRef"/> (or the working tree when null) since it diverged from
    /// <paramref name="baseRef"/>. Never throws for repository problems; a result it cannot trust is
    /// <see cref="GitChangeSet.IsUnknown"/> with a coded warning. Only the CLI-related <paramref name="options"/> apply.
    /// </summary>
    public static GitChangeSet Since(string repositoryRoot, string baseRef, string? headRef = null, GitInfoOptions? options = null)
    {
        options ??= new GitInfoOptions();
        if (!RepositoryLocator.TryLocate(repositoryRoot, out var location, out var problem) || location?.WorkingDirectory is null)
        {
            return GitChangeSet.Unknown(null, Diagnostic.Warning(problem is null ? GitDiagnosticCodes.NoRepository : GitDiagnosticCodes.CorruptRef,
                (problem ?? $"No git repository with a working tree contains '{repositoryRoot}'.") + " Every project is treated as affected."));
        }
        var root = location.WorkingDirectory;
        foreach (var reference in new[] { baseRef, headRef })
        {
            if (reference is not null && (reference.Trim().Length == 0 || reference.StartsWith('-')))
                return GitChangeSet.Unknown(root, Diagnostic.Warning(GitDiagnosticCodes.InvalidRefArgument,
                    $"'{reference}' is not a usable ref (empty, or starts with '-'). Every project is treated as affected."));
        }

        bool shallow = File.Exists(Path.Combine(location.CommonDirectory, "shallow"));
        var runner = options.Runner ?? new GitCli(options.GitExecutable, options.Environment, options.ProcessEnvironment);
        var head = headRef ?? "HEAD";

        var mergeBase = runner.Run(root, ["merge-base", baseRef, head], options.Timeout);
        if (!mergeBase.Succeeded)
            return GitChangeSet.Unknown(root, MergeBaseProblem(mergeBase, baseRef, head, shallow, root));
        var baseCommit = mergeBase.StandardOutput.Trim();

        var files = new SortedSet<string>(StringComparer.Ordinal);
        var warnings = new List<Diagnostic>();
        if (headRef is not null)
        {
            var diff = runner.Run(root, ["diff", "--name-only", "--no-renames", "--no-ext-diff", "-z", baseCommit, headRef, "--"], options.Timeout);
            if (!diff.Succeeded) return GitChangeSet.Unknown(root, Failure(diff, "git diff", root));
            AddPaths(files, diff.StandardOutput);
        }
        else
        {
            // Commit-to-working-tree diff covers committed, staged and unstaged changes of tracked files in one
            // process; untracked files need ls-files. Both are independent: run them concurrently.
            var untrackedTask = Task.Run(() => runner.Run(root, ["ls-files", "--others", "--exclude-standard", "-z"], options.Timeout));
            var diff = runner.Run(root, ["diff", "--name-only", "--no-renames", "--no-ext-diff", "-z", baseCommit, "--"], options.Timeout);
            var untracked = untrackedTask.GetAwaiter().GetResult();
            if (!diff.Succeeded) return GitChangeSet.Unknown(root, Failure(diff, "git diff", root));
            if (!untracked.Succeeded) return GitChangeSet.Unknown(root, Failure(untracked, "git ls-files (untracked files)", root));
            AddPaths(files, diff.StandardOutput);
            AddPaths(files, untracked.StandardOutput);
        }

        if (shallow)
            warnings.Add(new Diagnostic(GitDiagnosticCodes.ShallowClone, DiagnosticSeverity.Message,
                "Shallow clone: the merge base was found, but deeper history is missing; fetch full history if results look too small."));

        var list = new List<ChangedFile>(files.Count);
        foreach (var relative in files)
            list.Add(new ChangedFile(relative, Path.GetFullPath(Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar)))));
        return new GitChangeSet { MergeBase = baseCommit, RepositoryRoot = root, Files = list, Warnings = warnings };
    }

    private static void AddPaths(SortedSet<string> files, string nulSeparated)
    {
        foreach (var path in nulSeparated.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            if (path != "\n") files.Add(path);
        }
    }

    private static Diagnostic MergeBaseProblem(GitProcessResult result, string baseRef, string head, bool shallow, string root)
    {
        if (result.GitNotFound || result.TimedOut || GitCliErrors.IsDubiousOwnership(result.StandardError))
            return Failure(result, "git merge-base", root);
        if (shallow)
            return Diagnostic.Warning(GitDiagnosticCodes.ShallowClone,
                $"Shallow clone: no common history of '{baseRef}' and '{head}' is available, so changed files are unknown and every project is treated as affected. Fetch full history (fetch-depth: 0) or deepen it (git fetch --deepen).");
        if (result.ExitCode == 1)
            return Diagnostic.Warning(GitDiagnosticCodes.BaseRefNotFound,
                $"'{baseRef}' and '{head}' have no common ancestor; every project is treated as affected.");
        if (result.StandardError.Contains("Not a valid object name", StringComparison.Ordinal)
            || result.StandardError.Contains("unknown revision", StringComparison.Ordinal))
            return Diagnostic.Warning(GitDiagnosticCodes.BaseRefNotFound,
                $"'{baseRef}' or '{head}' does not exist in this clone ({result.StandardError.Trim()}); every project is treated as affected. Fetch it first, e.g. git fetch origin {baseRef.Replace("origin/", "", StringComparison.Ordinal)}.");
        return Failure(result, "git merge-base", root);
    }

    private static Diagnostic Failure(GitProcessResult result, string what, string root) =>
        GitCliErrors.ToDiagnostic(result, what, root) is { } d
            ? d with { Message = d.Message + " Every project is treated as affected." }
            : Diagnostic.Warning(GitDiagnosticCodes.GitCommandFailed, $"{what} failed. Every project is treated as affected.");
}
