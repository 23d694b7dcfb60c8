using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace FlowForge.Core.Fingerprints;

/// <summary>
/// Where a property's changing value is computed, read from the build files the project's evaluation imports from the
/// repository (the project file, the nearest Directory.Build.props and Directory.Build.targets, and the files they import
/// by a path MSBuild's evaluation resolves from the importing file's folder). A time-stamped version is usually
/// <c>VersionSuffix</c> = <c>$(PreviewVersionSuffix)</c>, itself <c>preview.$([System.DateTime]::UtcNow…)</c>: FF1006
/// sees Version and VersionSuffix change, and this names PreviewVersionSuffix and the line that computes it, which is
/// the line to change. The SDK's own files are not read: a value the SDK derives (Version from VersionSuffix) is
/// followed through the user's definitions only.
/// </summary>
public static partial class PropertyOrigin
{
    /// <param name="Property">The property whose definition computes the value.</param>
    /// <param name="File">The file of that definition (full path).</param>
    /// <param name="Line">Its 1-based line.</param>
    /// <param name="Definition">The definition's text as written.</param>
    public sealed record Origin(string Property, string File, int Line, string Definition);

    /// <summary>The definitions of one evaluation's user build files, by property name (case-insensitive), in
    /// evaluation order (a later definition wins, as in MSBuild).</summary>
    public sealed class Definitions
    {
        internal readonly Dictionary<string, List<Origin>> ByName = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>The build files of <paramref name="projectFile"/>: nearest Directory.Build.props, its imports,
        /// the project, nearest Directory.Build.targets and its imports. Unreadable or malformed files are skipped (the
        /// build reports those itself).</summary>
        public static Definitions ForProject(string projectFile)
        {
            var definitions = new Definitions();
            var directory = Path.GetDirectoryName(Path.GetFullPath(projectFile))!;
            var visited = new HashSet<string>(StringComparer.Ordinal);
            if (FindAbove(directory, "Directory.Build.props") is { } props) definitions.Read(props, visited);
            definitions.Read(Path.GetFullPath(projectFile), visited);
            if (FindAbove(directory, "Directory.Build.targets") is { } targets) definitions.Read(targets, visited);
            return definitions;
        }

        private void Read(string file, HashSet<string> visited)
        {
            if (!visited.Add(file) || visited.Count > 32 || !System.IO.File.Exists(file)) return;
            XDocument document;
            try { document = XDocument.Load(file, LoadOptions.SetLineInfo); }
            catch (Exception e) when (e is XmlException or IOException or UnauthorizedAccessException) { return; }
            var folder = Path.GetDirectoryName(file)! + Path.DirectorySeparatorChar;
            foreach (var element in document.Root?.Elements() ?? [])
            {
                if (element.Name.LocalName == "Import" && element.Attribute("Project")?.Value is { } project)
                {
                    if (ResolveImport(project, folder) is { } imported) Read(imported, visited);
                }
                else if (element.Name.LocalName == "PropertyGroup")
                {
                    foreach (var property in element.Elements())
                    {
                        if (!ByName.TryGetValue(property.Name.LocalName, out var list)) ByName[property.Name.LocalName] = list = [];
                        list.Add(new Origin(property.Name.LocalName, file, ((IXmlLineInfo)property).LineNumber, property.Value.Trim()));
                    }
                }
            }
        }

        /// <summary>A path with only $(MSBuildThisFileDirectory) to expand, or the common chaining call
        /// $([MSBuild]::GetPathOfFileAbove('X', '$(MSBuildThisFileDirectory)../')); anything else is not followed.</summary>
        private static string? ResolveImport(string project, string folder)
        {
            var chained = ChainedImport().Match(project);
            if (chained.Success)
            {
                var start = chained.Groups["start"].Value.Replace("$(MSBuildThisFileDirectory)", folder, StringComparison.OrdinalIgnoreCase);
                return FindAbove(Path.GetFullPath(start.Length == 0 ? folder : start), chained.Groups["name"].Value);
            }
            var path = project.Replace("$(MSBuildThisFileDirectory)", folder, StringComparison.OrdinalIgnoreCase);
            if (path.Contains("$(", StringComparison.Ordinal) || path.Contains('*')) return null;
            try { return Path.GetFullPath(path, folder); }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { return null; }
        }
    }

    /// <summary>
    /// The property whose definition computes <paramref name="property"/>'s changing value: the first, along the chain
    /// of user definitions (<c>$(Other)</c> references, the last definition of each), whose text calls a property
    /// function that differs on every evaluation (time, GUID, random, environment), else the deepest user-defined
    /// property in the chain; null when <paramref name="property"/> has no user definition that refers to another
    /// (then it is its own origin, or the SDK's).
    /// </summary>
    public static Origin? Find(string property, Definitions definitions)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        Origin? deepest = null;
        var current = property;
        for (int depth = 0; depth < 16 && seen.Add(current); depth++)
        {
            if (!definitions.ByName.TryGetValue(current, out var list)) break;
            var definition = list[^1];
            if (!string.Equals(current, property, StringComparison.OrdinalIgnoreCase)) deepest = definition;
            if (Volatile().IsMatch(definition.Definition)) return definition;
            // Follow the first reference to another user-defined property (a self reference appends, it does not compute).
            var next = References().Matches(definition.Definition).Select(m => m.Groups[1].Value)
                .FirstOrDefault(name => !seen.Contains(name) && definitions.ByName.ContainsKey(name));
            if (next is null) break;
            current = next;
        }
        return deepest;
    }

    private static string? FindAbove(string directory, string fileName)
    {
        for (var current = directory; current is not null; current = Path.GetDirectoryName(current))
        {
            var candidate = Path.Combine(current, fileName);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    [GeneratedRegex(@"\$\(\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\)")]
    private static partial Regex References();

    [GeneratedRegex(@"DateTime\]::(Utc)?Now|DateTime\]::Today|DateTimeOffset\]::(Utc)?Now|Guid\]::NewGuid|Random|Environment\]::TickCount|Stopwatch\]::GetTimestamp", RegexOptions.IgnoreCase)]
    private static partial Regex Volatile();

    [GeneratedRegex(@"^\s*\$\(\[MSBuild\]::GetPathOfFileAbove\(\s*'(?<name>[^']+)'\s*(,\s*'(?<start>[^']*)'\s*)?\)\)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ChainedImport();
}
