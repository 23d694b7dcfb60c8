using FlowForge.Core.Records;
using FlowForge.Reporting.Model;

namespace FlowForge.Reporting.Analysis;

/// <summary>Settings that cost every build time or make it never a no-op, gathered per project.</summary>
internal sealed class FlagCollector
{
    private readonly SortedSet<string> _noCompilerServer = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _notDeterministic = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, (ProjectRecord.PropertyChange Change, SortedSet<string> Projects)> _volatile = new(StringComparer.Ordinal);

    /// <param name="useSharedCompilation">What the compiler task got, else the evaluation's property, else the environment.</param>
    public void Note(string? useSharedCompilation, string? deterministic, string project)
    {
        if (string.Equals(useSharedCompilation, "false", StringComparison.OrdinalIgnoreCase)) _noCompilerServer.Add(project);
        if (string.Equals(deterministic, "false", StringComparison.OrdinalIgnoreCase)) _notDeterministic.Add(project);
    }

    public void NeverNoOp(ProjectRecord.PropertyChange change, string project)
    {
        if (!_volatile.TryGetValue(change.Name, out var entry)) _volatile[change.Name] = entry = (change, new SortedSet<string>(StringComparer.Ordinal));
        entry.Projects.Add(project);
    }

    public List<BuildFlag> ToFlags()
    {
        var flags = new List<BuildFlag>();
        if (_noCompilerServer.Count > 0)
            flags.Add(new BuildFlag
            {
                Kind = "compiler-server-disabled", Projects = _noCompilerServer.ToList(),
                Message = $"compiler server disabled (UseSharedCompilation=false) in {_noCompilerServer.Count} project build(s): every compile starts a new compiler process; remove the setting (or the UseSharedCompilation environment variable) unless a CI policy needs it",
            });
        if (_notDeterministic.Count > 0)
            flags.Add(new BuildFlag
            {
                Kind = "not-deterministic", Projects = _notDeterministic.ToList(),
                Message = $"Deterministic=false in {_notDeterministic.Count} project build(s): their outputs differ on every compile, so FlowForge skips them only when their inputs are unchanged (as MSBuild's no-op does) and keeps their outputs out of the remote cache; set Deterministic=true to share them between machines",
            });
        foreach (var (name, (change, projects)) in _volatile)
            flags.Add(new BuildFlag
            {
                Kind = "never-no-op", Projects = projects.ToList(),
                Message = $"this build can never be a no-op: property {name} changes on every evaluation ('{change.Previous}' → '{change.Current}'); make it stable (e.g. no timestamp in a version) or exclude it",
            });
        return flags;
    }
}
