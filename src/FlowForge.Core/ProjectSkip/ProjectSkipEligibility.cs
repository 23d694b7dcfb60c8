using FlowForge.Core.Hashing;

namespace FlowForge.Core.ProjectSkip;

/// <summary>
/// Whether project skip can model a project's build at all. It models the .NET SDK's own targets and FlowForge's;
/// anything else that would run in the build (a target or Exec of the repository or of a package, a build event,
/// pack or publish on build, templates) or evaluation that reads state outside the fingerprint makes it stand aside
/// for that project, and the first such finding is the reason.
/// </summary>
public sealed class ProjectSkipEligibility
{
    /// <summary>True for SDK projects (Microsoft.NET.Sdk and its family).</summary>
    public bool UsingNetSdk { get; init; }
    /// <summary>Properties whose non-empty value (or "true") runs more than the SDK's build: PreBuildEvent, PostBuildEvent,
    /// GeneratePackageOnBuild, DeployOnBuild. Name → value.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
    /// <summary>True when the outputs carry the commit (SourceLink or the source revision in the informational
    /// version), which no input file holds.</summary>
    public bool StampsCommit { get; init; }
    /// <summary>Number of FlowForge template items (templates render into files of their own).</summary>
    public int TemplateItems { get; init; }
    /// <summary>Every imported file, as MSBuild's evaluation lists them (not $(MSBuildAllProjects), which names only the
    /// newest).</summary>
    public IReadOnlyList<string> Imports { get; init; } = [];
    /// <summary>Folders whose MSBuild files are modelled: the SDK (dotnet root) and FlowForge's own package.</summary>
    public IReadOnlyList<string> ModelledRoots { get; init; } = [];

    private static readonly string[] EventProperties = ["PreBuildEvent", "PostBuildEvent"];
    private static readonly string[] OnBuildProperties = ["GeneratePackageOnBuild", "DeployOnBuild"];

    /// <returns>Null when eligible, else why not (one short line).</returns>
    public string? FindReason(Func<string, string?>? scan = null)
    {
        scan ??= BuildFileScanner.Scan;
        if (!UsingNetSdk) return "not an SDK-style project";
        foreach (var name in EventProperties)
            if (Properties.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)) return $"{name} runs a command";
        foreach (var name in OnBuildProperties)
            if (Properties.TryGetValue(name, out var value) && string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase)) return $"{name}=true runs after every build";
        if (StampsCommit) return "the outputs carry the commit (SourceLink or the source revision in the version: a CI build or FlowForgeStableLocalVersion=false)";
        if (TemplateItems > 0) return "FlowForge templates are rendered in this project";
        var roots = ModelledRoots.Where(r => !string.IsNullOrWhiteSpace(r))
            .Select(r => Path.TrimEndingDirectorySeparator(Path.GetFullPath(r)) + Path.DirectorySeparatorChar).ToList();
        foreach (var import in Imports)
        {
            if (string.IsNullOrWhiteSpace(import)) continue;
            var full = Path.GetFullPath(import);
            if (roots.Any(r => full.StartsWith(r, StatCache.PathComparison))) continue;
            if (scan(full) is { } finding) return finding;
        }
        return null;
    }
}
