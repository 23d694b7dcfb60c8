namespace FlowForge.Reporting.Analysis;

/// <summary>What a project build is to the report. Only <see cref="Project"/> units are counted and on the critical path.</summary>
internal enum UnitKind
{
    /// <summary>A project for one target framework (or a project without target frameworks).</summary>
    Project,
    /// <summary>A solution or its metaproject: it only hands work out.</summary>
    Solution,
    /// <summary>FlowForge's own helper project (the once-per-build git read): FlowForge's time, not a user's project.</summary>
    Helper,
    /// <summary>The outer build of a multi-targeted project: it dispatches to one build per target framework.</summary>
    Outer,
}

/// <summary>
/// One project × target framework of the build proper (restore excluded): every MSBuild request of it (the real build
/// and the results-cache answers), its references, and its own execution.
/// </summary>
internal sealed class ProjectUnit(string file, string? targetFramework, UnitKind kind)
{
    public string File { get; } = file;
    public string? TargetFramework { get; } = targetFramework;
    public UnitKind Kind { get; } = kind;
    public string Name => Path.GetFileNameWithoutExtension(File);
    public string Label => TargetFramework is null ? Name : $"{Name} ({TargetFramework})";
    public List<ProjectInstance> Instances { get; } = new();
    /// <summary>Units this one asked MSBuild to build (project references), Project units only.</summary>
    public HashSet<ProjectUnit> References { get; } = new();

    public double OwnMs => Instances.Sum(i => i.ExclusiveMs);
    public double Start => Instances.Min(i => i.Start);
    public double End => Instances.Max(i => i.End);
    /// <summary>The request that did the work: the longest one (the others are answered from MSBuild's results cache).</summary>
    public ProjectInstance Main => Instances.MaxBy(i => i.Duration)!;

    private static readonly HashSet<string> HelperFiles = new(StringComparer.OrdinalIgnoreCase) { "FlowForge.Git.proj" };

    public static bool IsHelper(string file) => HelperFiles.Contains(Path.GetFileName(file));

    /// <summary>Groups the build proper's requests (restore's are left out) into units, in order of first start.</summary>
    public static List<ProjectUnit> Group(IEnumerable<ProjectInstance> instances)
    {
        var list = instances.Where(i => !i.IsRestore).ToList();
        var multiTargeted = list.Where(i => i.TargetFramework is not null).Select(i => i.File).ToHashSet(BuildCollector.PathComparer);
        var units = new Dictionary<(string, string?), ProjectUnit>();
        foreach (var instance in list.OrderBy(i => i.Start))
        {
            var key = (instance.File, instance.TargetFramework);
            if (!units.TryGetValue(key, out var unit))
            {
                var kind = instance.IsSolution ? UnitKind.Solution
                    : IsHelper(instance.File) ? UnitKind.Helper
                    : instance.TargetFramework is null && multiTargeted.Contains(instance.File) ? UnitKind.Outer
                    : UnitKind.Project;
                units[key] = unit = new ProjectUnit(instance.File, instance.TargetFramework, kind);
            }
            unit.Instances.Add(instance);
        }
        return units.Values.ToList();
    }
}
