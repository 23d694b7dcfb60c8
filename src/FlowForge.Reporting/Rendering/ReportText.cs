using FlowForge.Reporting.Model;

namespace FlowForge.Reporting.Rendering;

/// <summary>Sentences shared by the console, Markdown and HTML formats, so they explain a build the same way.</summary>
public static class ReportText
{
    public static string Headline(BuildReport r)
    {
        var s = r.Summary;
        return $"Build {(s.Succeeded ? "succeeded" : "FAILED")} in {Format.Duration(s.WallMs)}: {s.Projects} projects ({s.ProjectBuilds} project builds on {s.Nodes} nodes), "
             + $"{s.ProjectsRebuilt} did work; {s.TargetsRun} targets ran, {s.TargetsSkippedUpToDate} skipped as up to date; {s.Errors} errors, {s.Warnings} warnings";
    }

    /// <summary>The one-line FlowForge summary (also what CI summaries start with).</summary>
    public static string FlowForgeLine(FlowForgeTotals f)
    {
        if (f.Records == 0) return "FlowForge: no records from this build (FlowForge.Build not referenced, disabled, or the records were overwritten by a later build)";
        var parts = new List<string> { $"{f.Records} project builds checked, {f.InputsChanged} of {f.InputsChecked} inputs changed by content" };
        if (f.GateActive) parts.Add($"{f.CompilesSkipped} compiles skipped, {f.CompilesRestored} restored from cache, {f.Compiled} compiled");
        else parts.Add("compile gate not active");
        if (f.CacheActive)
            parts.Add($"cache hit rate {(f.CacheHitRate is { } rate ? Format.Percent(rate) : "n/a")}, {Format.Bytes(f.BytesRestored)} restored, ~{Format.Duration(f.TimeSavedMs)} saved");
        return "FlowForge: " + string.Join("; ", parts);
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
}
