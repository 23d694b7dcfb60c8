namespace FlowForge.Git;

/// <summary>
/// Finds the git executable on a PATH we are given. We resolve it ourselves instead of letting
/// Process.Start do it because .NET searches the *current process's* PATH, while the build (and tests)
/// must be able to say "this is the environment" — e.g. a PATH without git.
/// </summary>
public static class GitExecutableLocator
{
    /// <summary>
    /// Returns the full path of git: <paramref name="configured"/> when it is a path to an existing file;
    /// otherwise the first match of <paramref name="configured"/> (default "git") on the PATH from
    /// <paramref name="environment"/> (with PATHEXT on Windows). Null when not found.
    /// </summary>
    public static string? Find(string? configured, Func<string, string?> environment)
    {
        var name = string.IsNullOrWhiteSpace(configured) ? "git" : configured.Trim();
        if (name.IndexOfAny(['/', '\\']) >= 0 || Path.IsPathRooted(name))
            return File.Exists(name) ? Path.GetFullPath(name) : null;

        var path = environment("PATH");
        if (string.IsNullOrEmpty(path)) return null;
        bool windows = OperatingSystem.IsWindows();
        // On Windows "git" means git.exe/git.cmd…; a name that already has an extension is used as is.
        var fileNames = windows && !Path.HasExtension(name)
            ? (environment("PATHEXT") ?? ".COM;.EXE;.BAT;.CMD").Split(';', StringSplitOptions.RemoveEmptyEntries).Select(e => name + e.ToLowerInvariant()).ToArray()
            : [name];
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var dir = directory.Trim().Trim('"');
            if (dir.Length == 0) continue;
            foreach (var fileName in fileNames)
            {
                var candidate = Path.Combine(dir, fileName);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
