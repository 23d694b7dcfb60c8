using FlowForge.Core.Diagnostics;
using FlowForge.Git;

namespace FlowForge.Tool.Affected;

/// <summary>An affected project and why: the changed inputs, or the dependency it was reached through.</summary>
public sealed record AffectedProject(string Path, List<string> Reasons);

public sealed class AffectedResult
{
    /// <summary>The change set was unknown (shallow clone, missing base…): every project is listed.</summary>
    public bool AllProjects { get; init; }
    public string? MergeBase { get; init; }
    /// <summary>Repository-relative changed paths.</summary>
    public List<string> ChangedFiles { get; init; } = new();
    /// <summary>Affected projects sorted by path.</summary>
    public List<AffectedProject> Projects { get; init; } = new();
    public List<Diagnostic> Warnings { get; init; } = new();
}

/// <summary>
/// Changed files since the merge base (<see cref="GitChanges.Since"/>: deletions included, renames as delete +
/// add) → projects whose inputs hold them → plus every project that depends on those, transitively.
/// A project's inputs: files under its folder (the nearest project folder wins, so a deleted or new file counts
/// too), every evaluated item that names a file (Compile incl. linked files outside the folder, resources,
/// AdditionalFiles…) and every imported file (Directory.Build.props/.targets, Directory.Packages.props…).
/// A deleted .props/.targets no longer imported anywhere affects every project below its folder.
/// The graph is evaluated from the working tree: check out the head before running with --head in CI.
/// </summary>
public static class AffectedAnalysis
{
    private static readonly string[] EntryPatterns = ["*.sln", "*.slnx", "*.slnf", "*.proj", "*.csproj", "*.fsproj", "*.vbproj"];

    /// <summary>The solution or project to read the graph from: the given one, else the single one in the folder.</summary>
    public static string? FindEntryPoint(string? explicitProject, string directory, out string? problem)
    {
        problem = null;
        if (!string.IsNullOrWhiteSpace(explicitProject))
        {
            var full = Path.GetFullPath(explicitProject, directory);
            if (File.Exists(full)) return full;
            problem = $"'{explicitProject}' does not exist. Pass an existing solution or project file with --project.";
            return null;
        }
        foreach (var pattern in EntryPatterns.Take(3).Concat(["*proj"]))
        {
            var found = Directory.GetFiles(directory, pattern).Where(f => pattern != "*proj" || f.EndsWith("proj", StringComparison.OrdinalIgnoreCase)).ToArray();
            if (found.Length == 1) return found[0];
            if (found.Length > 1)
            {
                problem = $"'{directory}' holds several {pattern} files ({string.Join(", ", found.Select(Path.GetFileName))}); pick one with --project.";
                return null;
            }
        }
        problem = $"No solution or project file in '{directory}'. Run in the folder that holds one, or pass --project <sln|proj>.";
        return null;
    }

    /// <summary>
    /// The entry points: the given one; else the single solution or project in the folder; else, when the folder holds
    /// several solutions (a repository with one per product or sample set), all of them: their projects together.
    /// </summary>
    public static IReadOnlyList<string>? FindEntryPoints(string? explicitProject, string directory, out string? problem)
    {
        if (string.IsNullOrWhiteSpace(explicitProject))
        {
            var solutions = EntryPatterns.Take(2).SelectMany(pattern => Directory.GetFiles(directory, pattern)).Order(StringComparer.Ordinal).ToList();
            if (solutions.Count > 1)
            {
                problem = null;
                return solutions;
            }
        }
        return FindEntryPoint(explicitProject, directory, out problem) is { } single ? [single] : null;
    }

    public static AffectedResult Run(string entryPoint, string baseRef, string? headRef, GitInfoOptions? options = null) =>
        Run([entryPoint], baseRef, headRef, options);

    /// <summary>The projects of every entry point together (a project in two solutions counts once).</summary>
    public static AffectedResult Run(IReadOnlyList<string> entryPoints, string baseRef, string? headRef, GitInfoOptions? options = null)
    {
        MsBuildRegistration.Ensure();
        var projects = new List<ProjectInputs>();
        var seen = new HashSet<string>(ProjectGraphReader.PathComparer);
        foreach (var entryPoint in entryPoints)
            foreach (var project in ProjectGraphReader.Read(entryPoint))
                if (seen.Add(project.Path)) projects.Add(project);
        var changes = GitChanges.Since(Path.GetDirectoryName(entryPoints[0])!, baseRef, headRef, options);
        return Compute(projects, changes, entryPoints.Count == 1 ? entryPoints[0] : null);
    }

    /// <summary>The pure part: projects + change set → affected projects. Public for tests.</summary>
    public static AffectedResult Compute(IReadOnlyList<ProjectInputs> allProjects, GitChangeSet changes, string? entryPoint = null)
    {
        var comparer = ProjectGraphReader.PathComparer;
        var projects = allProjects.Where(p => entryPoint is null || !comparer.Equals(p.Path, Path.GetFullPath(entryPoint))).ToList();
        var warnings = changes.Warnings.ToList();

        if (changes.IsUnknown)
        {
            return new AffectedResult
            {
                AllProjects = true,
                Projects = projects.Select(p => new AffectedProject(p.Path, ["the change set is unknown: every project is treated as affected"]))
                    .OrderBy(p => p.Path, StringComparer.Ordinal).ToList(),
                Warnings = warnings,
            };
        }

        var reasons = new Dictionary<string, List<string>>(comparer);
        void Add(string project, string reason)
        {
            if (!reasons.TryGetValue(project, out var list)) reasons[project] = list = new List<string>();
            if (!list.Contains(reason)) list.Add(reason);
        }

        foreach (var changed in changes.Files)
        {
            var file = changed.FullPath;
            bool exists = File.Exists(file);
            // The nearest project folder holding the file: sources, and files that exist on one side only.
            var owner = projects.Where(p => IsUnder(file, p.Directory, comparer)).MaxBy(p => p.Directory.Length);
            if (owner is not null) Add(owner.Path, $"{(exists ? "changed" : "deleted")}: {changed.RelativePath}");
            foreach (var project in projects)
            {
                if (comparer.Equals(project.Path, file)) Add(project.Path, $"project file changed: {changed.RelativePath}");
                else if (project.Imports.Contains(file)) Add(project.Path, $"imported file changed: {changed.RelativePath}");
                else if (project.Files.Contains(file)) Add(project.Path, $"input changed: {changed.RelativePath}");
            }
            // A deleted props/targets file is imported by no one any more: it affected everything below its folder.
            if (!exists && (file.EndsWith(".props", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".targets", StringComparison.OrdinalIgnoreCase)))
            {
                var folder = Path.GetDirectoryName(file)!;
                foreach (var project in projects.Where(p => IsUnder(p.Path, folder, comparer)))
                    Add(project.Path, $"deleted build file above the project: {changed.RelativePath}");
            }
        }

        // Dependents, transitively (breadth-first over reversed references).
        var dependents = new Dictionary<string, List<string>>(comparer);
        foreach (var project in projects)
            foreach (var reference in project.References)
            {
                if (!dependents.TryGetValue(reference, out var list)) dependents[reference] = list = new List<string>();
                list.Add(project.Path);
            }
        var queue = new Queue<string>(reasons.Keys);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            if (!dependents.TryGetValue(current, out var users)) continue;
            foreach (var user in users)
            {
                bool known = reasons.ContainsKey(user);
                Add(user, $"depends on {Path.GetFileNameWithoutExtension(current)}");
                if (!known) queue.Enqueue(user);
            }
        }

        return new AffectedResult
        {
            MergeBase = changes.MergeBase,
            ChangedFiles = changes.Files.Select(f => f.RelativePath).ToList(),
            Projects = reasons.Select(r => new AffectedProject(r.Key, r.Value)).OrderBy(p => p.Path, StringComparer.Ordinal).ToList(),
            Warnings = warnings,
        };
    }

    private static bool IsUnder(string path, string directory, StringComparer comparer)
    {
        var prefix = directory.EndsWith(Path.DirectorySeparatorChar) ? directory : directory + Path.DirectorySeparatorChar;
        return path.Length > prefix.Length && comparer.Equals(path[..prefix.Length], prefix);
    }
}
