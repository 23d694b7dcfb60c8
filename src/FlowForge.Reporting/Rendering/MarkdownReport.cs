using System.Text;
using FlowForge.Reporting.Model;

namespace FlowForge.Reporting.Rendering;

/// <summary>
/// <c>--format markdown</c>: GitHub-flavoured Markdown for a CI job summary ($GITHUB_STEP_SUMMARY): a short summary
/// first (result, FlowForge, where the time went, the bottleneck, errors), every table folded in a <c>&lt;details&gt;</c>.
/// </summary>
public static class MarkdownReport
{
    public static string Write(BuildReport r, int top = 10)
    {
        var md = new StringBuilder();
        md.AppendLine("## FlowForge build report").AppendLine();
        md.AppendLine(Escape(ReportText.Headline(r)) + ".").AppendLine();
        md.AppendLine("**" + Escape(ReportText.FlowForgeLine(r.FlowForge)) + "**").AppendLine();
        if (r.Scheduling is { } scheduling) md.AppendLine("> ⚠️ " + Escape(scheduling)).AppendLine();
        md.AppendLine("- " + Escape(ReportText.TimeLine(r.Time)));
        md.AppendLine("- " + Escape(ReportText.CriticalPathLine(r.CriticalPath)));
        if (r.Nodes.Count > 0) md.AppendLine("- " + Escape(ReportText.NodesLine(r.Nodes)));
        md.AppendLine("- " + Escape(ReportText.QueueLine(r.Queueing)));
        if (r.Git is { } git) md.AppendLine("- Git: " + Escape(ReportText.GitLine(git)));
        md.AppendLine();
        foreach (var flag in r.Flags) md.AppendLine("> ⚠️ " + Escape(flag.Message) + (flag.Projects.Count > 0 ? " (" + Escape(string.Join(", ", flag.Projects.Take(5))) + (flag.Projects.Count > 5 ? ", …" : "") + ")" : "")).AppendLine();
        foreach (var warning in r.ReaderWarnings) md.AppendLine("> " + Escape(warning)).AppendLine();

        var errors = r.Diagnostics.Where(d => d.Severity == "error").ToList();
        if (errors.Count > 0)
        {
            md.AppendLine("### Errors").AppendLine();
            foreach (var e in errors.Take(top)) md.AppendLine("- `" + ReportText.Diagnostic(e).Replace("`", "'") + "`");
            if (errors.Count > top) md.AppendLine($"- … {errors.Count - top} more");
            md.AppendLine();
        }

        Open(md, $"Critical path: {Format.Duration(r.CriticalPath.TotalMs)} of execution over {ReportText.Plural(r.CriticalPath.Steps.Count, "project")}");
        md.AppendLine("Each project references the one before it; *own execution* excludes waiting for references and for a node.").AppendLine();
        md.AppendLine("| # | project | own execution | queued | from | to |").AppendLine("|---:|---|---:|---:|---:|---:|");
        var i = 0;
        foreach (var s in r.CriticalPath.Steps)
            md.AppendLine($"| {++i} | {Escape(Format.Label(s.Project, s.TargetFramework))} | {Format.Duration(s.Ms)} | {Format.Duration(s.QueuedMs)} | {Format.Duration(s.StartMs)} | {Format.Duration(s.EndMs)} |");
        Close(md);

        Open(md, r.Rebuilt.Count == 0 ? "Why projects rebuilt: none (a no-op build)" : $"Why {ReportText.Plural(r.Rebuilt.Count, "project")} rebuilt");
        if (r.Rebuilt.Count == 0) md.AppendLine("No project did work: the build was a no-op.").AppendLine();
        else
        {
            md.AppendLine("| project | why |").AppendLine("|---|---|");
            foreach (var why in r.Rebuilt)
                md.AppendLine($"| {Escape(Format.Label(why.Project, why.TargetFramework))} | {string.Join("<br>", ReportText.Why(why).Select(Escape))} |");
        }
        Close(md);

        Open(md, "Slowest projects");
        md.AppendLine("| project | exclusive | inclusive | queued | on critical path | rebuilt | FlowForge |").AppendLine("|---|---:|---:|---:|---:|---|---|");
        foreach (var p in r.Projects.OrderByDescending(p => p.ExclusiveMs).Take(top))
            md.AppendLine($"| {Escape(Format.Label(p.Name, p.TargetFramework))} | {Format.Duration(p.ExclusiveMs)} | {Format.Duration(p.InclusiveMs)} | {Format.Duration(p.QueuedMs)} | {Format.Duration(p.CriticalMs)} | {(p.Rebuilt ? "yes" : "no")} | {Escape(p.Decision ?? "-")} |");
        Close(md);
        Named(md, "Slowest targets", r.Targets, top);
        Named(md, "Slowest tasks", r.Tasks, top);
        if (r.Analyzers.Count > 0) Named(md, "Slowest analyzers and source generators", r.Analyzers, top);
        if (r.Time.SlowestEvaluations.Count > 0)
        {
            Open(md, $"Slowest evaluations ({ReportText.Plural(r.Time.Evaluations, "evaluation")}, {Format.Duration(r.Time.EvaluationTotalMs)} summed)");
            md.AppendLine("| project | node | time | at |").AppendLine("|---|---:|---:|---:|");
            foreach (var e in r.Time.SlowestEvaluations.Take(top)) md.AppendLine($"| {Escape(e.Project)} | {e.Node} | {Format.Duration(e.Ms)} | {Format.Duration(e.StartMs)} |");
            Close(md);
        }
        return md.ToString();
    }

    public static string Write(ReportComparison c, int top = 10)
    {
        var md = new StringBuilder();
        md.AppendLine("## FlowForge build comparison").AppendLine();
        md.AppendLine($"Wall time {Format.Duration(c.BeforeWallMs)} → {Format.Duration(c.AfterWallMs)} ({Format.Signed(c.WallDeltaMs)}); critical path {Format.Duration(c.BeforeCriticalPathMs)} → {Format.Duration(c.AfterCriticalPathMs)}.").AppendLine();
        md.AppendLine("**" + Escape(ReportText.CompareFlowForgeLine(c.BeforeFlowForge, c.AfterFlowForge)) + "**").AppendLine();
        md.AppendLine("What differs:").AppendLine();
        foreach (var line in ReportText.DifferenceLines(c.Differences)) md.AppendLine("- " + Escape(line));
        md.AppendLine();
        md.AppendLine("Rebuilt only before: " + (c.RebuiltOnlyBefore.Count == 0 ? "none" : Escape(string.Join(", ", c.RebuiltOnlyBefore)))).AppendLine();
        md.AppendLine("Rebuilt only after: " + (c.RebuiltOnlyAfter.Count == 0 ? "none" : Escape(string.Join(", ", c.RebuiltOnlyAfter)))).AppendLine();
        Open(md, "Projects (exclusive time)");
        md.AppendLine("| project | before | after | change | rebuilt | FlowForge |").AppendLine("|---|---:|---:|---:|---|---|");
        foreach (var p in c.Projects.Take(top))
            md.AppendLine($"| {Escape(p.Project)} | {(p.BeforeMs is { } b ? Format.Duration(b) : "—")} | {(p.AfterMs is { } a ? Format.Duration(a) : "—")} | {Format.Signed(p.DeltaMs)} | {(p.RebuiltBefore ? "yes" : "no")} → {(p.RebuiltAfter ? "yes" : "no")} | {Escape(ReportText.Decision(p.DecisionBefore, p.DecisionAfter))} |");
        Close(md);
        Open(md, "Targets (exclusive time)");
        md.AppendLine("| target | before | after | change |").AppendLine("|---|---:|---:|---:|");
        foreach (var t in c.Targets.Take(top)) md.AppendLine($"| {Escape(t.Name)} | {Format.Duration(t.BeforeMs)} | {Format.Duration(t.AfterMs)} | {Format.Signed(t.DeltaMs)} |");
        Close(md);
        return md.ToString();
    }

    private static void Named(StringBuilder md, string title, List<NamedTiming> items, int top)
    {
        Open(md, title);
        md.AppendLine("| name | exclusive | inclusive | count |").AppendLine("|---|---:|---:|---:|");
        foreach (var t in items.Take(top)) md.AppendLine($"| {Escape(t.Name)} | {Format.Duration(t.ExclusiveMs)} | {Format.Duration(t.InclusiveMs)} | {t.Count} |");
        Close(md);
    }

    // GitHub renders Markdown inside <details> only after a blank line following <summary>.
    private static void Open(StringBuilder md, string summary) =>
        md.AppendLine("<details><summary><b>" + Escape(summary) + "</b></summary>").AppendLine();

    private static void Close(StringBuilder md) => md.AppendLine().AppendLine("</details>").AppendLine();

    private static string Escape(string text) => text.Replace("|", "\\|").Replace("<", "&lt;").Replace("\r", "").Replace("\n", " ");
}
