namespace FlowForge.Reporting.Model;

/// <summary><c>--compare a.binlog b.binlog</c>: what became slower or faster from build A to build B, what FlowForge decided
/// in each, and what differed between the two builds (global properties, SDK, projects built, changed inputs).
/// Times are B minus A.</summary>
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
    /// <summary>FlowForge's totals in each build (compiles skipped/restored/compiled, inputs changed, cache).</summary>
    public FlowForgeTotals BeforeFlowForge { get; set; } = new();
    public FlowForgeTotals AfterFlowForge { get; set; } = new();
    /// <summary>What differed between the two builds besides their times.</summary>
    public BuildDifferences Differences { get; set; } = new();

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
            BeforeFlowForge = before.FlowForge, AfterFlowForge = after.FlowForge,
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
                DecisionBefore = pa?.Decision, DecisionAfter = pb?.Decision,
            });
            if ((pa?.Rebuilt ?? false) && !(pb?.Rebuilt ?? false)) comparison.RebuiltOnlyBefore.Add(key);
            if ((pb?.Rebuilt ?? false) && !(pa?.Rebuilt ?? false)) comparison.RebuiltOnlyAfter.Add(key);
            if (pa is null) comparison.Differences.ProjectsOnlyAfter.Add(key);
            if (pb is null) comparison.Differences.ProjectsOnlyBefore.Add(key);
        }
        comparison.Projects = comparison.Projects.OrderByDescending(p => Math.Abs(p.DeltaMs)).ThenBy(p => p.Project, StringComparer.Ordinal).ToList();
        var ta = before.Targets.ToDictionary(t => t.Name, t => t.ExclusiveMs);
        var tb = after.Targets.ToDictionary(t => t.Name, t => t.ExclusiveMs);
        comparison.Targets = ta.Keys.Union(tb.Keys)
            .Select(name => new NamedDelta { Name = name, BeforeMs = ta.GetValueOrDefault(name), AfterMs = tb.GetValueOrDefault(name), DeltaMs = Math.Round(tb.GetValueOrDefault(name) - ta.GetValueOrDefault(name), 1) })
            .OrderByDescending(d => Math.Abs(d.DeltaMs)).ThenBy(d => d.Name, StringComparer.Ordinal).Take(top).ToList();

        var differences = comparison.Differences;
        if (before.Summary.SdkVersion != after.Summary.SdkVersion)
            differences.Sdk = new ValueChange { Name = "SDK", Before = before.Summary.SdkVersion, After = after.Summary.SdkVersion };
        var ga = before.Summary.GlobalProperties;
        var gb = after.Summary.GlobalProperties;
        foreach (var name in ga.Keys.Union(gb.Keys, StringComparer.OrdinalIgnoreCase).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase))
        {
            // dotnet build sets a new restore session id every time: not a difference a user made.
            if (name.Equals("MSBuildRestoreSessionId", StringComparison.OrdinalIgnoreCase)) continue;
            var va = ga.GetValueOrDefault(name);
            var vb = gb.GetValueOrDefault(name);
            if (!string.Equals(va, vb, StringComparison.Ordinal)) differences.GlobalProperties.Add(new ValueChange { Name = name, Before = va, After = vb });
        }
        foreach (var why in after.Rebuilt.Where(w => w.FlowForge is { Changed.Count: > 0 }))
            differences.ChangedInputs.Add(new ChangedInputs
            {
                Project = why.TargetFramework is null ? why.Project : $"{why.Project} ({why.TargetFramework})",
                Paths = why.FlowForge!.Changed.Select(c => c.Path).ToList(),
            });
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
    /// <summary>FlowForge's compile decision in A and in B (skipped, restored, compiled, failed, not-gated), when it ran.</summary>
    public string? DecisionBefore { get; set; }
    public string? DecisionAfter { get; set; }
}

public sealed class NamedDelta
{
    public string Name { get; set; } = "";
    public double BeforeMs { get; set; }
    public double AfterMs { get; set; }
    public double DeltaMs { get; set; }
}

public sealed class BuildDifferences
{
    /// <summary>The SDK version, when it differs.</summary>
    public ValueChange? Sdk { get; set; }
    /// <summary>Global properties of the top-level request that differ (e.g. -p:Configuration=Release).</summary>
    public List<ValueChange> GlobalProperties { get; set; } = new();
    public List<string> ProjectsOnlyBefore { get; set; } = new();
    public List<string> ProjectsOnlyAfter { get; set; } = new();
    /// <summary>Inputs FlowForge found changed by content in build B (what changed since the build before it).</summary>
    public List<ChangedInputs> ChangedInputs { get; set; } = new();
}

public sealed class ValueChange
{
    public string Name { get; set; } = "";
    public string? Before { get; set; }
    public string? After { get; set; }
}

public sealed class ChangedInputs
{
    public string Project { get; set; } = "";
    public List<string> Paths { get; set; } = new();
}
