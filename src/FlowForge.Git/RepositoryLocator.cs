namespace FlowForge.Git;

/// <summary>
/// Finds the repository that contains a folder the way git's discovery does, without running git:
/// walk up to the first <c>.git</c> directory or <c>.git</c> file (<c>gitdir: …</c>, used by linked
/// worktrees and submodules), then follow <c>commondir</c> for worktrees. <c>$GIT_DIR</c> is not consulted:
/// a build must describe the folder it builds, not whatever repository the calling shell pointed at.
/// </summary>
public static class RepositoryLocator
{
    private const string GitDirPrefix = "gitdir:";

    /// <summary>
    /// Locates the repository containing <paramref name="startDirectory"/>. Returns false when there is
    /// none; <paramref name="problem"/> is set when a <c>.git</c> file or <c>commondir</c> was found but is broken
    /// (the walk stops there, as git's does, instead of silently using an outer repository).
    /// </summary>
    public static bool TryLocate(string startDirectory, out GitRepositoryLocation? location, out string? problem)
    {
        location = null;
        problem = null;
        string? directory;
        try
        {
            directory = Path.GetFullPath(startDirectory);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            problem = $"'{startDirectory}' is not a valid folder path: {e.Message}";
            return false;
        }

        for (; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            var dotGit = Path.Combine(directory, ".git");
            try
            {
                if (Directory.Exists(dotGit))
                {
                    if (!LooksLikeGitDirectory(dotGit)) continue; // git also skips an empty/unrelated ".git" folder
                    location = Describe(directory, dotGit, viaGitFile: false);
                    return true;
                }
                if (File.Exists(dotGit))
                {
                    var gitDir = ReadGitFile(dotGit);
                    location = Describe(directory, gitDir, viaGitFile: true);
                    return true;
                }
                if (LooksLikeGitDirectory(directory))
                {
                    // Started inside a git dir itself: a bare repository, or a build run from within .git.
                    location = DescribeGitDirectory(directory);
                    return true;
                }
            }
            catch (CorruptRepositoryException e)
            {
                problem = e.Message;
                return false;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problem = $"Cannot read '{dotGit}': {e.Message}";
                return false;
            }
        }
        return false;
    }

    /// <summary>git's own test (setup.c is_git_directory): HEAD plus objects/ and refs/, or a commondir file.</summary>
    internal static bool LooksLikeGitDirectory(string path)
    {
        if (!File.Exists(Path.Combine(path, "HEAD"))) return false;
        if (File.Exists(Path.Combine(path, "commondir"))) return true;
        return Directory.Exists(Path.Combine(path, "objects")) && Directory.Exists(Path.Combine(path, "refs"));
    }

    private static string ReadGitFile(string dotGitFile)
    {
        var text = File.ReadAllText(dotGitFile).Trim();
        if (!text.StartsWith(GitDirPrefix, StringComparison.Ordinal))
            throw new CorruptRepositoryException($"'{dotGitFile}' is not a gitdir file (expected 'gitdir: <path>').", dotGitFile);
        var target = text[GitDirPrefix.Length..].Trim();
        if (target.Length == 0)
            throw new CorruptRepositoryException($"'{dotGitFile}' has an empty gitdir.", dotGitFile);
        // Relative gitdir paths (submodules, relativeWorktrees) are relative to the folder holding the .git file.
        var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(dotGitFile)!, target));
        if (!LooksLikeGitDirectory(full))
            throw new CorruptRepositoryException($"'{dotGitFile}' points to '{full}', which is not a git directory (moved or deleted worktree?).", dotGitFile);
        return full;
    }

    private static GitRepositoryLocation Describe(string workingDirectory, string gitDirectory, bool viaGitFile)
    {
        var common = ReadCommonDirectory(gitDirectory);
        bool isWorktree = common is not null;
        common ??= gitDirectory;
        bool isSubmodule = viaGitFile && IsInsideModulesFolder(common);
        return new GitRepositoryLocation(
            Path.TrimEndingDirectorySeparator(workingDirectory),
            Path.TrimEndingDirectorySeparator(gitDirectory),
            Path.TrimEndingDirectorySeparator(common),
            isWorktree, isSubmodule, IsBare: false);
    }

    private static GitRepositoryLocation DescribeGitDirectory(string gitDirectory)
    {
        var common = ReadCommonDirectory(gitDirectory);
        bool isWorktree = common is not null;
        common ??= gitDirectory;
        var config = GitConfigReader.ReadFile(Path.Combine(common, "config"));
        string? workingDirectory = null;
        var coreWorktree = config.Get("core", null, "worktree");
        if (!string.IsNullOrEmpty(coreWorktree))
        {
            // core.worktree is relative to the git dir (submodule git dirs under .git/modules use this).
            workingDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(gitDirectory, coreWorktree)));
        }
        else if (string.Equals(Path.GetFileName(gitDirectory), ".git", StringComparison.Ordinal) && !config.GetBool("core", null, "bare", false))
        {
            workingDirectory = Path.GetDirectoryName(gitDirectory);
        }
        return new GitRepositoryLocation(
            workingDirectory,
            Path.TrimEndingDirectorySeparator(gitDirectory),
            Path.TrimEndingDirectorySeparator(common),
            isWorktree,
            IsSubmodule: IsInsideModulesFolder(common),
            IsBare: workingDirectory is null);
    }

    private static string? ReadCommonDirectory(string gitDirectory)
    {
        var file = Path.Combine(gitDirectory, "commondir");
        if (!File.Exists(file)) return null;
        var text = File.ReadAllText(file).Trim();
        if (text.Length == 0)
            throw new CorruptRepositoryException($"'{file}' is empty.", file);
        var common = Path.GetFullPath(Path.Combine(gitDirectory, text));
        if (!Directory.Exists(common))
            throw new CorruptRepositoryException($"'{file}' points to '{common}', which does not exist.", file);
        return common;
    }

    /// <summary>Submodule git dirs live at <c>&lt;superproject git dir&gt;/modules/&lt;name…&gt;</c>; names may contain slashes.</summary>
    private static bool IsInsideModulesFolder(string gitDirectory)
    {
        for (var dir = Path.GetDirectoryName(gitDirectory); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (string.Equals(Path.GetFileName(dir), "modules", StringComparison.Ordinal))
            {
                var parent = Path.GetDirectoryName(dir);
                if (parent is not null && LooksLikeGitDirectory(parent)) return true;
            }
        }
        return false;
    }
}
