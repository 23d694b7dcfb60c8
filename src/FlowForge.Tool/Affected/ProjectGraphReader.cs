using System.Runtime.CompilerServices;
using Microsoft.Build.Evaluation;
using Microsoft.Build.Execution;
using Microsoft.Build.Graph;

namespace FlowForge.Tool.Affected;

/// <summary>One project of the graph as plain data: what it reads and what it references.</summary>
public sealed record ProjectInputs(string Path, string Directory, IReadOnlySet<string> Files, IReadOnlySet<string> Imports, IReadOnlySet<string> References);

/// <summary>
/// The only place that touches Microsoft.Build types. It is called after <see cref="MsBuildRegistration.Ensure"/>,
/// from methods that are not inlined, so the JIT never needs Microsoft.Build before MSBuildLocator has pointed
/// the runtime at the SDK's copy.
/// </summary>
internal static class ProjectGraphReader
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static List<ProjectInputs> Read(string entryPoint)
    {
        using var collection = new ProjectCollection();
        var graph = new ProjectGraph(entryPoint, collection);
        // Multi-targeting projects appear as an outer node and one inner node per target framework: merge by path.
        var byPath = new Dictionary<string, (HashSet<string> Files, HashSet<string> Imports, HashSet<string> References)>(PathComparer);
        foreach (var node in graph.ProjectNodes)
        {
            var instance = node.ProjectInstance;
            var path = System.IO.Path.GetFullPath(instance.FullPath);
            if (!byPath.TryGetValue(path, out var entry))
                byPath[path] = entry = (new HashSet<string>(PathComparer), new HashSet<string>(PathComparer), new HashSet<string>(PathComparer));
            foreach (var import in instance.ImportPaths) entry.Imports.Add(System.IO.Path.GetFullPath(import));
            foreach (var item in instance.Items) AddItem(entry.Files, item, instance.Directory);
            foreach (var reference in node.ProjectReferences)
            {
                var referenced = System.IO.Path.GetFullPath(reference.ProjectInstance.FullPath);
                if (!PathComparer.Equals(referenced, path)) entry.References.Add(referenced);
            }
        }
        return byPath.Select(p => new ProjectInputs(p.Key, System.IO.Path.GetDirectoryName(p.Key)!, p.Value.Files, p.Value.Imports, p.Value.References)).ToList();
    }

    private static void AddItem(HashSet<string> files, ProjectItemInstance item, string projectDirectory)
    {
        // Every item that names a file is a potential input (Compile incl. linked files, resources, content,
        // AdditionalFiles, None…); items that are not paths simply never match a changed file.
        var include = item.EvaluatedInclude;
        if (include.Length == 0 || include.Length > 1024 || include.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0) return;
        try
        {
            files.Add(System.IO.Path.GetFullPath(include, projectDirectory));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
        }
    }

    public static StringComparer PathComparer => OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
}

/// <summary>Registers the SDK's MSBuild once per process, before any Microsoft.Build type is loaded.</summary>
internal static class MsBuildRegistration
{
    private static readonly object Gate = new();

    public static void Ensure()
    {
        lock (Gate)
        {
            if (Microsoft.Build.Locator.MSBuildLocator.IsRegistered) return;
            Microsoft.Build.Locator.MSBuildLocator.RegisterDefaults();
        }
    }
}
