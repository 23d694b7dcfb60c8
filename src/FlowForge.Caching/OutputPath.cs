namespace FlowForge.Caching;

/// <summary>
/// Validates the relative paths a manifest names. A manifest comes from disk or from a server, so it is
/// untrusted input: a path that could land outside the destination folder is rejected outright rather than
/// "cleaned", on every OS (a manifest written on Windows is read on Linux and the other way round).
/// </summary>
public static class OutputPath
{
    /// <summary>
    /// Returns the canonical form (segments joined by '/') when <paramref name="path"/> is a plain relative path of
    /// non-empty segments; otherwise null with the reason. Rejected: empty, rooted or absolute, drive letters and
    /// any ':' (also NTFS alternate streams), '.' or '..' segments, empty segments ('a//b', leading or trailing
    /// separators), control characters, and segments ending in '.' or ' ' (Windows strips them, aliasing names).
    /// Both '/' and '\' count as separators.
    /// </summary>
    public static string? Normalize(string? path, out string? reason)
    {
        reason = null;
        if (string.IsNullOrEmpty(path)) { reason = "the path is empty"; return null; }
        if (path.Length > 1024) { reason = "the path is too long"; return null; }
        foreach (char c in path)
        {
            if (c < 0x20 || c == 0x7f) { reason = "the path contains a control character"; return null; }
            if (c == ':') { reason = "the path contains ':' (drive or stream)"; return null; }
        }
        if (path[0] is '/' or '\\' || Path.IsPathRooted(path)) { reason = "the path is rooted"; return null; }

        var segments = path.Split('/', '\\');
        foreach (var segment in segments)
        {
            if (segment.Length == 0) { reason = "the path has an empty segment"; return null; }
            if (segment is "." or "..") { reason = $"the path has a '{segment}' segment"; return null; }
            if (segment[^1] is '.' or ' ') { reason = "a path segment ends in '.' or ' '"; return null; }
        }
        return string.Join('/', segments);
    }

    /// <summary>
    /// Combines <paramref name="root"/> with a validated relative path and checks, as a second line of defence,
    /// that the full result is still inside the root.
    /// </summary>
    public static string? Resolve(string root, string relativePath, out string? reason)
    {
        var normalized = Normalize(relativePath, out reason);
        if (normalized is null) return null;
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(fullRoot, normalized.Replace('/', Path.DirectorySeparatorChar)));
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (!full.StartsWith(fullRoot, comparison))
        {
            reason = "the path resolves outside the destination folder";
            return null;
        }
        return full;
    }
}
