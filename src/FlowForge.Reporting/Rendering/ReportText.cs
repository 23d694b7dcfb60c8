using FlowForge.Reporting.Model;

namespace FlowForge.Reporting.Rendering;

/// <summary>Sentences shared by the console, Markdown and HTML formats, so they explain a build the same way.</summary>
public static class ReportText
{
    public static string Headline(BuildReport r)
    {
        var s = r.Summary;
        var units = s.TargetFrameworkBuilds == s.Projects ? "" : $" ({s.TargetFrameworkBuilds} project × target framework builds)";
        return $"Build {(s.Succeeded ? "succeeded" : "FAILED")} in {Format.Duration(s.WallMs)}: {Plural(s.Projects, "project")}{units} on {Plural(s.Nodes, "node")}, "
             + $"{s.ProjectsRebuilt} of {s.TargetFrameworkBuilds} did work; {Plural(s.Compiles, "compile")}" + (s.CompilesFailed > 0 ? $" ({s.CompilesFailed} failed)" : "")
             + $"; {s.TargetsRun} targets ran, {s.TargetsSkippedUpToDate} skipped as up to date; {Plural(s.Errors, "error")}, {Plural(s.Warnings, "warning")}";
    }

    /// <summary>Where the wall time went.</summary>
    public static string TimeLine(WallTime t) =>
        $"Wall time {Format.Duration(t.WallMs)}: restore {Format.Duration(t.RestoreMs)}, evaluation {Format.Duration(t.EvaluationMs)} "
        + $"({Plural(t.Evaluations, "evaluation")}, {Format.Duration(t.EvaluationTotalMs)} summed over nodes), execution {Format.Duration(t.ExecutionMs)}, "
        + $"other {Format.Duration(t.OtherMs)} (start-up, scheduling); FlowForge's own steps {Format.Duration(t.FlowForgeMs)} summed over nodes";

    public static string CriticalPathLine(CriticalPath p) => p.Steps.Count == 0
        ? "Critical path: no project was built"
        : $"Critical path: {Format.Duration(p.TotalMs)} of own execution over {Plural(p.Steps.Count, "project")} linked by references "
          + $"(the bound with unlimited nodes); the execution took {Format.Duration(p.ExecutionWallMs)} of the {Format.Duration(p.WallMs)} wall time";

    public static string NodesLine(List<NodeUse> nodes) =>
        "Nodes: " + string.Join(", ", nodes.Select(n => $"node {n.Node} busy {Format.Percent(n.BusyShare)} ({Plural(n.Compiles, "compile")})"));

    public static string QueueLine(Queueing q) => q.TotalMs < 1
        ? "Queueing: no ready project waited for a node"
        : $"Queueing: ready projects waited {Format.Duration(q.TotalMs)} for a node"
          + (q.Projects.Count > 0 ? " (" + string.Join(", ", q.Projects.Take(3).Select(p => $"{Format.Label(p.Project, p.TargetFramework)} {Format.Duration(p.Ms)}")) + ")" : "");

    /// <summary>The one-line FlowForge summary (also what CI summaries start with).</summary>
    public static string FlowForgeLine(FlowForgeTotals f)
    {
        if (f.Records == 0) return "FlowForge: no records in this build (FlowForge.Build not referenced or disabled)";
        var parts = new List<string> { $"{f.Records} project builds checked, {f.InputsChanged} of {f.InputsChecked} inputs changed by content" };
        if (f.GateActive)
            parts.Add($"{f.CompilesSkipped} compiles skipped, {f.CompilesRestored} restored from cache, {f.Compiled} compiled" + (f.CompilesFailed > 0 ? $", {f.CompilesFailed} failed" : ""));
        else parts.Add("compile gate not active");
        if (f.ProjectSkipActive)
            parts.Add($"project skip: {f.ProjectsSkipped} skipped whole (~{Format.Duration(f.ProjectSkipTimeSavedMs)} saved), {f.ProjectsBuilt} built"
                      + (f.ProjectsNotEligible > 0 ? $", {f.ProjectsNotEligible} not eligible" : ""));
        if (f.CacheActive)
            parts.Add($"cache hit rate {(f.CacheHitRate is { } rate ? Format.Percent(rate) : "n/a")}, {Format.Bytes(f.BytesRestored)} restored, ~{Format.Duration(f.TimeSavedMs)} saved");
        return "FlowForge: " + string.Join("; ", parts);
    }

    /// <summary>"Lib (net10.0): Lib.cs(3,5): error CS0029: Cannot implicitly convert …": project, place, code, message.</summary>
    public static string Diagnostic(BuildDiagnostic d)
    {
        var project = d.Project is null ? "" : Format.Label(Path.GetFileNameWithoutExtension(d.Project), d.TargetFramework) + ": ";
        var place = d.File is null ? "" : d.File + (d.Line > 0 ? d.Column > 0 ? $"({d.Line},{d.Column})" : $"({d.Line})" : "") + ": ";
        return $"{project}{place}{d.Severity}{(d.Code is null ? "" : " " + d.Code)}: {d.Message}";
    }

    /// <summary>Why one project did work, as short lines (FlowForge's facts first, then MSBuild's).</summary>
    public static List<string> Why(ProjectWhy why, int maxLines = 6)
    {
        var lines = new List<string>();
        if (why.FlowForge is { } ff)
        {
            if (ff.Decision is not null)
                lines.Add($"FlowForge: {ff.Decision}" + (ff.Reasons.Count > 0 ? " — " + string.Join("; ", ff.Reasons) : ""));
            if (ff.Changed.Count > 0)
                lines.Add("changed: " + string.Join(", ", ff.Changed.Take(8).Select(c =>
                    (c.Change == "Added" ? "+" : c.Change == "Removed" ? "-" : "") + c.Path
                    + (c.ChangedMembers is { Count: > 0 } m ? " [" + string.Join(", ", m.Take(5)) + (m.Count > 5 ? ", …" : "") + "]" : "")))
                    + (ff.Changed.Count > 8 ? $" and {ff.Changed.Count - 8} more" : ""));
            else if (ff.Summary.Length > 0 && ff.Decision is null)
                lines.Add("FlowForge: " + ff.Summary);
            if (ff.CacheResult is not null && ff.CacheResult != "off")
                lines.Add($"cache: {ff.CacheResult}" + (ff.CacheSource is not null ? $" ({ff.CacheSource})" : "")
                          + (ff.BytesRestored > 0 ? $", {Format.Bytes(ff.BytesRestored)} restored" : ""));
        }
        foreach (var target in why.Targets)
            lines.Add($"{target.Target}: " + (target.Reasons.Count > 0 ? string.Join("; ", target.Reasons) : "ran (outputs out of date)"));
        if (why.FilesCopied > 0)
            lines.Add($"copied {why.FilesCopied} file(s)" + (why.CopiedExamples.Count > 0 ? ": " + string.Join(", ", why.CopiedExamples) : ""));
        if (lines.Count > maxLines) lines = [.. lines.Take(maxLines - 1), $"… {lines.Count - maxLines + 1} more"];
        return lines;
    }

    public static string GitLine(GitSummary g) =>
        string.Join(", ", new[]
        {
            g.ShortCommit ?? g.Commit, g.Branch is null ? null : "branch " + g.Branch,
            g.Describe is null ? null : "describe " + g.Describe,
            g.Dirty is "true" or "True" ? "dirty" : null, g.IsShallow is "true" or "True" ? "shallow clone" : null,
            g.CommitDate,
        }.Where(x => !string.IsNullOrEmpty(x)));

    /// <summary>FlowForge's decisions in build A and B: "FlowForge: compiled 31 → 0, skipped 0 → 31, …".</summary>
    public static string CompareFlowForgeLine(FlowForgeTotals a, FlowForgeTotals b)
    {
        if (a.Records == 0 && b.Records == 0) return "FlowForge: no records in either build";
        static string Pair(string name, int x, int y) => $"{name} {x} → {y}";
        var parts = new List<string>
        {
            Pair("compiled", a.Compiled, b.Compiled), Pair("skipped", a.CompilesSkipped, b.CompilesSkipped),
            Pair("restored from cache", a.CompilesRestored, b.CompilesRestored),
        };
        if (a.CompilesFailed + b.CompilesFailed > 0) parts.Add(Pair("failed", a.CompilesFailed, b.CompilesFailed));
        if (a.ProjectSkipActive || b.ProjectSkipActive) parts.Add(Pair("projects skipped whole", a.ProjectsSkipped, b.ProjectsSkipped));
        parts.Add(Pair("inputs changed by content", a.InputsChanged, b.InputsChanged));
        return "FlowForge: " + string.Join(", ", parts);
    }

    /// <summary>What differed between two builds besides their times, one line each ("none" when nothing did).</summary>
    public static List<string> DifferenceLines(BuildDifferences d)
    {
        var lines = new List<string>();
        if (d.Sdk is { } sdk) lines.Add($"SDK {sdk.Before ?? "?"} → {sdk.After ?? "?"}");
        foreach (var p in d.GlobalProperties) lines.Add($"global property {p.Name}: {p.Before ?? "(not set)"} → {p.After ?? "(not set)"}");
        if (d.ProjectsOnlyBefore.Count > 0) lines.Add("built only before: " + Shorten(d.ProjectsOnlyBefore));
        if (d.ProjectsOnlyAfter.Count > 0) lines.Add("built only after: " + Shorten(d.ProjectsOnlyAfter));
        foreach (var c in d.ChangedInputs.Take(10)) lines.Add($"changed inputs of {c.Project}: {Shorten(c.Paths)}");
        if (d.ChangedInputs.Count > 10) lines.Add($"… changed inputs in {d.ChangedInputs.Count - 10} more projects");
        if (lines.Count == 0) lines.Add("same SDK, same global properties, same projects, no input changed by content");
        return lines;
    }

    public static string Decision(string? before, string? after) => before is null && after is null ? "-" : $"{before ?? "-"} → {after ?? "-"}";

    private static string Shorten(List<string> items, int max = 8) =>
        string.Join(", ", items.Take(max)) + (items.Count > max ? $" and {items.Count - max} more" : "");

    public static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
