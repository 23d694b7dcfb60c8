namespace FlowForge.Core.Fingerprints;

/// <summary>
/// Turns a path into its fingerprint form: relative to the project folder ('/' separators), or relative to a named
/// root (<c>{nuget}/microsoft.netcore.app.ref/…</c>, <c>{dotnet}/packs/…</c>) so fingerprints do not depend on where a
/// user's package folder or SDK lives. The content of every file is hashed separately, so a path only needs to name
/// the file the way the compiler's output would see it.
/// </summary>
public sealed class PathCanonicalizer
{
    private readonly string _projectDirectory;
    private readonly (string Token, string Root)[] _roots;
    private static readonly StringComparison Comparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <param name="roots">Token → folder; the longest matching folder wins. Empty folders are ignored.</param>
    public PathCanonicalizer(string projectDirectory, IEnumerable<KeyValuePair<string, string>>? roots = null)
    {
        _projectDirectory = WithSeparator(Path.GetFullPath(projectDirectory));
        _roots = (roots ?? [])
            .Where(r => !string.IsNullOrWhiteSpace(r.Value))
            .Select(r => (r.Key, WithSeparator(Path.GetFullPath(r.Value))))
            .OrderByDescending(r => r.Item2.Length)
            .ToArray();
    }

    public string ProjectDirectory => _projectDirectory;

    public string Canonicalize(string path)
    {
        if (string.IsNullOrEmpty(path)) return "";
        string full;
        try { full = Path.GetFullPath(path, _projectDirectory); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { return path; }
        if (full.StartsWith(_projectDirectory, Comparison)) return Normalize(full[_projectDirectory.Length..]);
        foreach (var (token, root) in _roots)
            if (full.StartsWith(root, Comparison)) return "{" + token + "}/" + Normalize(full[root.Length..]);
        return Normalize(Path.GetRelativePath(_projectDirectory, full));
    }

    /// <summary>A ';'-separated list of paths, each canonicalized (for path-valued options such as AdditionalLibPaths).</summary>
    public string CanonicalizeList(string paths) =>
        string.Join(";", paths.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Canonicalize));

    /// <summary>
    /// PathMap ("from=to,from2=to2"): the 'from' folders are local paths, canonicalized; the 'to' values are what the
    /// output contains and stay as they are.
    /// </summary>
    public string CanonicalizePathMap(string pathMap)
    {
        if (string.IsNullOrWhiteSpace(pathMap)) return "";
        return string.Join(",", pathMap.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            int equals = pair.IndexOf('=');
            return equals <= 0 ? pair : Canonicalize(pair[..equals]) + "=" + pair[(equals + 1)..];
        }));
    }

    /// <summary>
    /// The project folder as the compiler's output sees it: mapped by PathMap when a mapping covers it, else the full
    /// path (absolute source paths end up in the PDB and in CallerFilePath strings, so moving the folder changes the output).
    /// </summary>
    public string ProjectDirectoryAsCompiled(string? pathMap)
    {
        if (!string.IsNullOrWhiteSpace(pathMap))
        {
            foreach (var pair in pathMap.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                int equals = pair.IndexOf('=');
                if (equals <= 0) continue;
                var from = WithSeparator(Path.GetFullPath(pair[..equals].Trim(), _projectDirectory));
                if (_projectDirectory.StartsWith(from, Comparison))
                    return pair[(equals + 1)..].Trim().TrimEnd('/', '\\') + "/" + Normalize(_projectDirectory[from.Length..]);
            }
        }
        return _projectDirectory.Replace('\\', '/');
    }

    private static string Normalize(string relative) => relative.Replace('\\', '/');

    private static string WithSeparator(string directory) =>
        directory.EndsWith(Path.DirectorySeparatorChar) || directory.EndsWith(Path.AltDirectorySeparatorChar) ? directory : directory + Path.DirectorySeparatorChar;
}
