using FlowForge.Core.Hashing;

namespace FlowForge.Core.Configuration;

/// <summary>Where FlowForge keeps its files. One place, so the tasks and the tool always agree.</summary>
public static class FlowForgePaths
{
    public const string CacheEnvironmentVariable = "FLOWFORGE_CACHE";

    /// <summary>
    /// The cache root: the explicit setting (MSBuild property FlowForgeCacheRoot), else FLOWFORGE_CACHE,
    /// else the per-user cache folder ($XDG_CACHE_HOME/flowforge, ~/.cache/flowforge, %LOCALAPPDATA%\FlowForge\cache).
    /// </summary>
    public static string ResolveCacheRoot(string? explicitRoot, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (!string.IsNullOrWhiteSpace(explicitRoot)) return Path.GetFullPath(explicitRoot);
        var fromEnvironment = environment(CacheEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
        if (OperatingSystem.IsWindows())
        {
            var local = environment("LOCALAPPDATA");
            if (!string.IsNullOrEmpty(local)) return Path.Combine(local, "FlowForge", "cache");
        }
        var xdg = environment("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg)) return Path.Combine(xdg, "flowforge");
        var home = environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".cache", "flowforge");
    }

    /// <summary>
    /// The shared stat cache of the workspace that holds <paramref name="projectDirectory"/>: one file per
    /// repository root (the nearest folder with .git), so projects of a repository share hashes while
    /// unrelated repositories keep small files of their own. Outside a repository the
    /// <paramref name="fallbackWorkspace"/> (the solution folder, or where the build started) is the key.
    /// </summary>
    public static string StatCacheFile(string cacheRoot, string projectDirectory, string? fallbackWorkspace = null)
    {
        var workspace = FindRepositoryRoot(projectDirectory)
            ?? (string.IsNullOrWhiteSpace(fallbackWorkspace) ? Path.GetFullPath(projectDirectory) : Path.GetFullPath(fallbackWorkspace));
        var key = ContentHash.Of(workspace.TrimEnd('/', '\\')).ToString()[..16];
        return Path.Combine(cacheRoot, "stat", key + ".bin");
    }

    /// <summary>The nearest ancestor holding a .git folder or file, or null.</summary>
    public static string? FindRepositoryRoot(string directory)
    {
        for (var current = Path.GetFullPath(directory); current is not null; current = Path.GetDirectoryName(current))
        {
            var git = Path.Combine(current, ".git");
            if (Directory.Exists(git) || File.Exists(git)) return current;
        }
        return null;
    }

    /// <summary>A path for display: relative to <paramref name="baseDirectory"/> when inside it, else unchanged.</summary>
    public static string Display(string path, string baseDirectory)
    {
        var relative = Path.GetRelativePath(baseDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative.Replace('\\', '/');
    }
}
