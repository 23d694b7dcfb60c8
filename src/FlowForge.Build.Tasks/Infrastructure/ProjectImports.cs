using System.Collections;
using System.Reflection;
using Microsoft.Build.Framework;

namespace FlowForge.Build.Tasks.Infrastructure;

/// <summary>
/// Every file the running project's evaluation imported, as MSBuild itself knows it (ProjectInstance.ImportPaths).
/// $(MSBuildAllProjects) cannot serve: since MSBuild 16 the evaluator adds only the most recently modified import to it,
/// so after a touch of the project file an import such as obj/*.nuget.g.targets is no longer listed, and an import
/// edited with an older timestamp never is. MSBuild gives tasks no public way to the import list; this reads it through
/// the engine's task host (TaskHost → BuildRequestEntry → BuildRequestConfiguration → ProjectInstance). Whatever of that
/// chain is missing (another MSBuild version, a task host process) yields null, and project skip stands aside for the
/// project: it never decides on a partial list.
/// </summary>
internal static class ProjectImports
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    /// <returns>The full paths of the imported files (without the project file), or null when MSBuild did not tell.</returns>
    public static IReadOnlyList<string>? Of(IBuildEngine engine)
    {
        try
        {
            var requestEntry = engine.GetType().GetField("_requestEntry", Instance)?.GetValue(engine);
            var configuration = requestEntry?.GetType().GetProperty("RequestConfiguration", Instance)?.GetValue(requestEntry);
            var project = configuration?.GetType().GetProperty("Project", Instance)?.GetValue(configuration);
            if (project?.GetType().GetProperty("ImportPaths", Instance)?.GetValue(project) is not IEnumerable paths) return null;
            var result = new List<string>();
            foreach (var path in paths)
                if (path is string { Length: > 0 } text) result.Add(text);
            // Every SDK project imports at least the SDK's props and targets: an empty list means MSBuild did not keep it
            // (e.g. a configuration moved between nodes without its imports), not that there is nothing to fingerprint.
            return result.Count == 0 ? null : result;
        }
        catch (Exception e) when (e is TargetInvocationException or MemberAccessException or InvalidOperationException or NotSupportedException)
        {
            return null;
        }
    }
}
