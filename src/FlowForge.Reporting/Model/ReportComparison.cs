namespace FlowForge.Reporting.Model;

/// <summary><c>--compare a.binlog b.binlog</c>: what became slower or faster from build A to build B, and which
/// projects did work in one build but not the other. Times are B minus A.</summary>
public sealed class ReportComparison
{
    public string Before { get; set; } = "";
    public string After { get; set; } = "";
    public double BeforeWallMs { get; set; }
    public double AfterWallMs { get; set; }
    public double WallDeltaMs { get; set; }
    public double BeforeCriticalPathMs { get; set; }
    public double AfterCriticalPathMs { get; set; }
    /// <summary>Every project built in either, by exclusive-time change (largest absolute change first).</summary>
    public List<ProjectDelta> Projects { get; set; } = new();
    public List<NamedDelta> Targets { get; set; } = new();
    public List<string> RebuiltOnlyBefore { get; set; } = new();
    public List<string> RebuiltOnlyAfter { get; set; } = new();

    public static ReportComparison Compute(BuildReport before, BuildReport after, int top = 20)
    {
        static string Key(ProjectTiming p) => p.TargetFramework is null ? p.Name : $"{p.Name} ({p.TargetFramework})";
        var a = before.Projects.GroupBy(Key).ToDictionary(g => g.Key, g => g.First());
        var b = after.Projects.GroupBy(Key).ToDictionary(g => g.Key, g => g.First());
        var comparison = new ReportComparison
        {
            Before = before.Binlog, After = after.Binlog,
            BeforeWallMs = before.Summary.WallMs, AfterWallMs = after.Summary.WallMs,
            WallDeltaMs = Math.Round(after.Summary.WallMs - before.Summary.WallMs, 1),
            BeforeCriticalPathMs = before.CriticalPath.TotalMs, AfterCriticalPathMs = after.CriticalPath.TotalMs,
        };
        foreach (var key in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
        {
            a.TryGetValue(key, out var pa);
            b.TryGetValue(key, out var pb);
            comparison.Projects.Add(new ProjectDelta
            {
                Project = key, BeforeMs = pa?.ExclusiveMs, AfterMs = pb?.ExclusiveMs,
                DeltaMs = Math.Round((pb?.ExclusiveMs ?? 0) - (pa?.ExclusiveMs ?? 0), 1),
                RebuiltBefore = pa?.Rebuilt ?? false, RebuiltAfter = pb?.Rebuilt ?? false,
            });
            if ((pa?.Rebuilt ?? false) && !(pb?.Rebuilt ?? false)) comparison.RebuiltOnlyBefore.Add(key);
            if ((pb?.Rebuilt ?? false) && !(pa?.Rebuilt ?? false)) comparison.RebuiltOnlyAfter.Add(key);
        }
        comparison.Projects = comparison.Projects.OrderByDescending(p => Math.Abs(p.DeltaMs)).ThenBy(p => p.Project, StringComparer.Ordinal).ToList();
        var ta = before.Targets.ToDictionary(t => t.Name, t => t.ExclusiveMs);
        var tb = after.Targets.ToDictionary(t => t.Name, t => t.ExclusiveMs);
        comparison.Targets = ta.Keys.Union(tb.Keys)
            .Select(name => new NamedDelta { Name = name, BeforeMs = ta.GetValueOrDefault(name), AfterMs = tb.GetValueOrDefault(name), DeltaMs = Math.Round(tb.GetValueOrDefault(name) - ta.GetValueOrDefault(name), 1) })
            .OrderByDescending(d => Math.Abs(d.DeltaMs)).ThenBy(d => d.Name, StringComparer.Ordinal).Take(top).ToList();
        return comparison;
    }
}

public sealed class ProjectDelta
{
    public string Project { get; set; } = "";
    /// <summary>Exclusive time in A (null: not built in A).</summary>
    public double? BeforeMs { get; set; }
    public double? AfterMs { get; set; }
    public double DeltaMs { get; set; }
    public bool RebuiltBefore { get; set; }
    public bool RebuiltAfter { get; set; }
}

public sealed class NamedDelta
{
    public string Name { get; set; } = "";
    public double BeforeMs { get; set; }
    public double AfterMs { get; set; }
    public double DeltaMs { get; set; }
}
