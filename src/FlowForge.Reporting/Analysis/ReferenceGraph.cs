namespace FlowForge.Reporting.Analysis;

/// <summary>
/// The project-reference graph as the build exercised it: unit A references unit B when a build of A asked MSBuild
/// for B (B's request has A's build as its parent), or when A's MSBuild task named B's file and B has one unit.
/// Solutions, FlowForge's helper and the outer builds of multi-targeted projects are not part of it.
/// </summary>
internal static class ReferenceGraph
{
    public static void Link(List<ProjectUnit> units)
    {
        var unitOf = new Dictionary<ProjectInstance, ProjectUnit>();
        foreach (var unit in units)
            foreach (var instance in unit.Instances)
                unitOf[instance] = unit;
        var byContext = unitOf.Keys.GroupBy(i => i.ContextId).ToDictionary(g => g.Key, g => g.First());
        var projectsByFile = units.Where(u => u.Kind == UnitKind.Project).GroupBy(u => u.File, BuildCollector.PathComparer)
            .ToDictionary(g => g.Key, g => g.ToList(), BuildCollector.PathComparer);

        foreach (var (child, childUnit) in unitOf)
        {
            if (childUnit.Kind != UnitKind.Project) continue;
            if (!byContext.TryGetValue(child.ParentContextId, out var parent)) continue;
            var parentUnit = unitOf[parent];
            if (parentUnit.Kind == UnitKind.Project && parentUnit != childUnit) parentUnit.References.Add(childUnit);
        }
        foreach (var unit in units.Where(u => u.Kind == UnitKind.Project))
        {
            foreach (var file in unit.Instances.SelectMany(i => i.Waits).SelectMany(w => w.Projects).Distinct(BuildCollector.PathComparer))
            {
                if (!projectsByFile.TryGetValue(file, out var candidates)) continue;
                if (candidates.Any(unit.References.Contains)) continue; // already linked to its target framework
                if (candidates.Count == 1 && candidates[0] != unit) unit.References.Add(candidates[0]);
            }
        }
    }

    /// <summary>
    /// The longest chain of references weighted by each unit's own execution, from the bottom (built first) to the
    /// top. Its total is what the execution would take with unlimited nodes.
    /// </summary>
    public static List<ProjectUnit> CriticalPath(List<ProjectUnit> units)
    {
        var best = new Dictionary<ProjectUnit, double>();
        var next = new Dictionary<ProjectUnit, ProjectUnit?>();
        var onStack = new HashSet<ProjectUnit>();

        double Longest(ProjectUnit unit)
        {
            if (best.TryGetValue(unit, out var known)) return known;
            if (!onStack.Add(unit)) return 0; // a cycle (not a valid reference graph): cut it here
            ProjectUnit? longestReference = null;
            double longest = 0;
            foreach (var reference in unit.References.OrderBy(r => r.Label, StringComparer.Ordinal))
            {
                var length = Longest(reference);
                if (length > longest) (longest, longestReference) = (length, reference);
            }
            onStack.Remove(unit);
            next[unit] = longestReference;
            return best[unit] = unit.OwnMs + longest;
        }

        var projects = units.Where(u => u.Kind == UnitKind.Project).OrderBy(u => u.Label, StringComparer.Ordinal).ToList();
        ProjectUnit? top = null;
        double topLength = -1;
        foreach (var unit in projects)
        {
            var length = Longest(unit);
            if (length > topLength) (topLength, top) = (length, unit);
        }
        var chain = new List<ProjectUnit>();
        for (var u = top; u is not null && chain.Count <= projects.Count; u = next.GetValueOrDefault(u)) chain.Add(u);
        chain.Reverse();
        return chain;
    }
}
