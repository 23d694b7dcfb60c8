using System.Xml.Linq;

namespace FlowForge.Tool.Init;

/// <summary>
/// Makes FlowForge.Build restorable from the repository's nuget.config: the given package source is added (or an
/// existing entry with the same location reused), and where package source mapping is on (a
/// <c>&lt;packageSourceMapping&gt;</c> section: NuGet then considers only the sources a package id is mapped to, NU1101
/// otherwise) the pattern <c>FlowForge.*</c> is mapped to that source. Without a source of its own, a mapping is added
/// for the nuget.org entry when FlowForge.Build matches no pattern yet.
/// </summary>
public static class NuGetConfigSetup
{
    public const string FileName = "nuget.config";
    public const string Pattern = "FlowForge.*";

    /// <summary>The nuget.config in <paramref name="root"/>, whatever its casing (NuGet accepts nuget.config, NuGet.Config, …).</summary>
    public static string? Find(string root) =>
        Directory.EnumerateFiles(root).FirstOrDefault(f => string.Equals(Path.GetFileName(f), FileName, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether a package source mapping pattern covers the id: the id itself, or a prefix ending in '*' (NuGet's rules).</summary>
    public static bool Covers(string pattern, string packageId)
    {
        pattern = pattern.Trim();
        return pattern.EndsWith('*')
            ? packageId.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(pattern, packageId, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Plans the edit of nuget.config; false on a malformed file.</summary>
    /// <param name="source">The source location as the user gave it (URL, or folder relative to <paramref name="workingDirectory"/>).</param>
    public static bool Plan(string root, string? source, string sourceName, string workingDirectory, List<FileEdit> edits, List<string> notes, List<string> errors, List<string> warnings)
    {
        var path = Find(root);
        XmlFile file;
        if (path is null)
        {
            if (source is null) return true; // the user's own sources (nuget.org by default) serve it
            file = XmlFile.New(Path.Combine(root, FileName), "configuration", declaration: true);
        }
        else
        {
            var loaded = XmlFile.Load(path, "configuration", out var problem);
            if (loaded is null)
            {
                errors.Add(problem!);
                return false;
            }
            file = loaded;
        }

        var changes = new List<string>();
        string? key = null;
        if (source is not null)
        {
            var value = SourceValue(source, root, workingDirectory);
            var sources = Section(file, "packageSources");
            var same = sources.Elements().FirstOrDefault(e => e.Name.LocalName == "add" && SameLocation(XmlFile.Attribute(e, "value"), value, root));
            if (same is not null)
            {
                key = XmlFile.Attribute(same, "key");
            }
            else
            {
                key = UniqueKey(sources, sourceName);
                file.Append(sources, file.Element("add", new XAttribute("key", key), new XAttribute("value", value)));
                changes.Add($"package source {key} = {value}");
            }
        }

        var mapping = file.Root.Elements().FirstOrDefault(e => string.Equals(e.Name.LocalName, "packageSourceMapping", StringComparison.OrdinalIgnoreCase));
        if (mapping is not null)
        {
            var patterns = mapping.Elements().Where(e => e.Name.LocalName == "packageSource")
                .SelectMany(s => s.Elements().Where(p => p.Name.LocalName == "package").Select(p => (Source: XmlFile.Attribute(s, "key"), Pattern: XmlFile.Attribute(p, "pattern") ?? "")))
                .ToList();
            if (key is null)
            {
                if (!patterns.Any(p => Covers(p.Pattern, InitOptions.PackageId)))
                {
                    var nugetOrg = Section(file, "packageSources").Elements()
                        .FirstOrDefault(e => XmlFile.Attribute(e, "value")?.Contains("api.nuget.org", StringComparison.OrdinalIgnoreCase) == true);
                    key = nugetOrg is null ? null : XmlFile.Attribute(nugetOrg, "key");
                    if (key is null)
                        warnings.Add($"warning {InitDiagnosticCodes.UnmappedPackage}: {file.Path}: package source mapping is on and no source is mapped for FlowForge.Build; restore would fail with NU1101. Run init with --source <feed> (the source that holds FlowForge.Build), or map {Pattern} to that source.");
                }
            }
            if (key is not null && !patterns.Any(p => p.Source == key && Covers(p.Pattern, InitOptions.PackageId)))
            {
                var entry = mapping.Elements().FirstOrDefault(e => e.Name.LocalName == "packageSource" && XmlFile.Attribute(e, "key") == key)
                            ?? file.Append(mapping, file.Element("packageSource", new XAttribute("key", key)));
                file.Append(entry, file.Element("package", new XAttribute("pattern", Pattern)));
                changes.Add($"package source mapping {Pattern} → {key}");
            }
            else if (key is not null)
            {
                notes.Add($"Package source mapping already maps FlowForge.Build to {key}.");
            }
        }
        if (file.Edit(changes) is { } edit) edits.Add(edit);
        return true;
    }

    /// <summary>The section element under configuration, created at the end when missing.</summary>
    private static XElement Section(XmlFile file, string name) =>
        file.Root.Elements().FirstOrDefault(e => string.Equals(e.Name.LocalName, name, StringComparison.OrdinalIgnoreCase))
        ?? file.Append(file.Root, file.Element(name));

    /// <summary>A URL as given; a folder as a path relative to nuget.config when it is inside the repository (the file
    /// is committed: a path of this machine would not work elsewhere), else as a full path.</summary>
    private static string SourceValue(string source, string root, string workingDirectory)
    {
        if (Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") return source;
        var full = Path.GetFullPath(source, workingDirectory);
        var relative = Path.GetRelativePath(root, full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative.Replace('\\', '/');
    }

    private static bool SameLocation(string? existing, string value, string root)
    {
        if (existing is null) return false;
        if (string.Equals(existing.TrimEnd('/'), value.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)) return true;
        if (Uri.TryCreate(existing, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") return false;
        try
        {
            var a = Path.TrimEndingDirectorySeparator(Path.GetFullPath(existing, root));
            var b = Path.TrimEndingDirectorySeparator(Path.GetFullPath(value, root));
            return string.Equals(a, b, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return false;
        }
    }

    private static string UniqueKey(XElement sources, string wanted)
    {
        var keys = sources.Elements().Select(e => XmlFile.Attribute(e, "key")).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!keys.Contains(wanted)) return wanted;
        for (int i = 2; ; i++)
            if (!keys.Contains($"{wanted}-{i}")) return $"{wanted}-{i}";
    }
}
