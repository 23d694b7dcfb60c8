namespace FlowForge.Caching;

/// <summary>How severe a compiler diagnostic is (SARIF <c>level</c>: note → Info, warning, error).</summary>
public enum CompilerDiagnosticSeverity { Info, Warning, Error }

/// <summary>
/// One diagnostic the compiler reported, in the form kept with a cache entry so a cache hit shows what the compile
/// showed. <see cref="File"/> is stored portably: relative to the project folder (with '/', possibly starting with
/// <c>../</c> for a linked file elsewhere in the repository), or absolute when the file is outside the repository
/// (a package's source). <see cref="ForReplay"/> rebases it onto the project folder of the build that restores,
/// so a clone in another folder shows its own paths. Lines and columns are 1-based; 0 means unknown.
/// </summary>
public sealed record CompilerDiagnostic(
    string Code,
    CompilerDiagnosticSeverity Severity,
    string Message,
    string? File = null,
    int Line = 0,
    int Column = 0,
    int EndLine = 0,
    int EndColumn = 0,
    string? HelpLink = null)
{
    /// <summary>True when <see cref="File"/> is stored relative to the project folder.</summary>
    public bool HasRelativeFile => File is not null && !Path.IsPathRooted(File) && !IsWindowsRooted(File);

    /// <summary>
    /// The arguments for MSBuild's <c>Log.LogWarning(subcategory, code, helpKeyword, helpLink, file, line, col, endLine,
    /// endCol, message)</c> in the build at <paramref name="projectDirectory"/>: a relative file becomes a full path
    /// under that folder (as Csc logs it), an absolute one is kept.
    /// </summary>
    public ReplayDiagnostic ForReplay(string projectDirectory)
    {
        string? file = File;
        if (file is not null && HasRelativeFile)
            file = Path.GetFullPath(Path.Combine(projectDirectory, file.Replace('/', Path.DirectorySeparatorChar)));
        return new ReplayDiagnostic(Severity, Code, HelpLink, file ?? "", Line, Column, EndLine, EndColumn, Message);
    }

    /// <summary>
    /// The portable form of <paramref name="fullPath"/>: relative to <paramref name="projectDirectory"/> when the file is
    /// inside <paramref name="workspaceRoot"/> (the repository; the project folder itself when null), else unchanged.
    /// </summary>
    public static string PortablePath(string fullPath, string projectDirectory, string? workspaceRoot)
    {
        var full = Path.GetFullPath(fullPath);
        var root = Path.GetFullPath(workspaceRoot ?? projectDirectory);
        if (!IsUnder(full, root) || !IsUnder(Path.GetFullPath(projectDirectory), root)) return full;
        return Path.GetRelativePath(projectDirectory, full).Replace('\\', '/');
    }

    private static bool IsUnder(string path, string directory)
    {
        var prefix = Path.TrimEndingDirectorySeparator(directory) + Path.DirectorySeparatorChar;
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return path.StartsWith(prefix, comparison) || string.Equals(path, directory, comparison);
    }

    // A path stored on Windows ("C:/x/a.cs") is absolute even when read on Linux.
    private static bool IsWindowsRooted(string path) => path.Length >= 3 && char.IsAsciiLetter(path[0]) && path[1] == ':' && path[2] is '/' or '\\';
}

/// <summary>
/// A stored compiler diagnostic ready to log in the build that restored it: exactly the parameters of
/// <c>TaskLoggingHelper.LogWarning(subcategory: null, Code, helpKeyword: null, HelpLink, File, Line, Column, EndLine,
/// EndColumn, Message)</c> (or <c>LogError</c> / <c>LogMessage</c> by <see cref="Severity"/>). <see cref="File"/> is a
/// full path, or empty when the diagnostic has no location (as Csc logs it).
/// </summary>
public sealed record ReplayDiagnostic(
    CompilerDiagnosticSeverity Severity,
    string Code,
    string? HelpLink,
    string File,
    int Line,
    int Column,
    int EndLine,
    int EndColumn,
    string Message);
