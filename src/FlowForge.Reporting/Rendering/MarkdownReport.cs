using System.Text;
using FlowForge.Reporting.Model;

namespace FlowForge.Reporting.Rendering;

/// <summary><c>--format markdown</c>: GitHub-flavoured Markdown for a CI job summary ($GITHUB_STEP_SUMMARY).</summary>
public static class MarkdownReport
{
    public static string Write(BuildReport r, int top = 10)
    {
        var md = new StringBuilder();
        md.AppendLine("## FlowForge build report").AppendLine();
        md.AppendLine(ReportText.Headline(r) + ".").AppendLine();
        md.AppendLine("**" + Escape(ReportText.FlowForgeLine(r.FlowForge)) + "**").AppendLine();
        if (r.Git is { } git) md.AppendLine("Git: " + Escape(ReportText.GitLine(git))).AppendLine();
        foreach (var flag in r.Flags) md.AppendLine("> ⚠️ " + Escape(flag.Message) + (flag.Projects.Count > 0 ? " (" + Escape(string.Join(", ", flag.Projects.Take(5))) + (flag.Projects.Count > 5 ? ", …" : "") + ")" : "")).AppendLine();
        foreach (var warning in r.ReaderWarnings) md.AppendLine("> " + Escape(warning)).AppendLine();

        md.AppendLine("### Critical path").AppendLine();
        md.AppendLine($"{Format.Duration(r.CriticalPath.TotalMs)} over {r.CriticalPath.Steps.Count} steps.").AppendLine();
        md.AppendLine("| # | project | on path | from | to |").AppendLine("|---:|---|---:|---:|---:|");
        var i = 0;
        foreach (var s in r.CriticalPath.Steps) md.AppendLine($"| {++i} | {Escape(Format.Label(s.Project, s.TargetFramework))} | {Format.Duration(s.Ms)} | {Format.Duration(s.StartMs)} | {Format.Duration(s.EndMs)} |");
        md.AppendLine();

        md.AppendLine("### Why projects rebuilt").AppendLine();
        if (r.Rebuilt.Count == 0) md.AppendLine("No project did work: the build was a no-op.").AppendLine();
        else
        {
            md.AppendLine("| project | why |").AppendLine("|---|---|");
            foreach (var why in r.Rebuilt)
                md.AppendLine($"| {Escape(Format.Label(why.Project, why.TargetFramework))} | {string.Join("<br>", ReportText.Why(why).Select(Escape))} |");
            md.AppendLine();
        }

        md.AppendLine("### Slowest projects (exclusive time)").AppendLine();
        md.AppendLine("| project | exclusive | inclusive | on critical path | rebuilt |").AppendLine("|---|---:|---:|---:|---|");
        foreach (var p in r.Projects.OrderByDescending(p => p.ExclusiveMs).Take(top))
            md.AppendLine($"| {Escape(Format.Label(p.Name, p.TargetFramework))} | {Format.Duration(p.ExclusiveMs)} | {Format.Duration(p.InclusiveMs)} | {Format.Duration(p.CriticalMs)} | {(p.Rebuilt ? "yes" : "no")} |");
        md.AppendLine();
        Named(md, "Slowest targets", r.Targets, top);
        Named(md, "Slowest tasks", r.Tasks, top);

        var errors = r.Diagnostics.Where(d => d.Severity == "error").Take(top).ToList();
        if (errors.Count > 0)
        {
            md.AppendLine("### Errors").AppendLine();
            foreach (var e in errors) md.AppendLine($"- `{e.Code}` {Escape(e.Message)}" + (e.File is null ? "" : $" ({Escape(Path.GetFileName(e.File))}:{e.Line})"));
            md.AppendLine();
        }
        return md.ToString();
    }

    public static string Write(ReportComparison c, int top = 10)
    {
        var md = new StringBuilder();
        md.AppendLine("## FlowForge build comparison").AppendLine();
        md.AppendLine($"Wall time {Format.Duration(c.BeforeWallMs)} → {Format.Duration(c.AfterWallMs)} ({Format.Signed(c.WallDeltaMs)}); critical path {Format.Duration(c.BeforeCriticalPathMs)} → {Format.Duration(c.AfterCriticalPathMs)}.").AppendLine();
        md.AppendLine("| project | before | after | change | rebuilt before | rebuilt after |").AppendLine("|---|---:|---:|---:|---|---|");
        foreach (var p in c.Projects.Take(top))
            md.AppendLine($"| {Escape(p.Project)} | {(p.BeforeMs is { } b ? Format.Duration(b) : "—")} | {(p.AfterMs is { } a ? Format.Duration(a) : "—")} | {Format.Signed(p.DeltaMs)} | {(p.RebuiltBefore ? "yes" : "no")} | {(p.RebuiltAfter ? "yes" : "no")} |");
        md.AppendLine();
        md.AppendLine("Rebuilt only before: " + (c.RebuiltOnlyBefore.Count == 0 ? "none" : Escape(string.Join(", ", c.RebuiltOnlyBefore)))).AppendLine();
        md.AppendLine("Rebuilt only after: " + (c.RebuiltOnlyAfter.Count == 0 ? "none" : Escape(string.Join(", ", c.RebuiltOnlyAfter)))).AppendLine();
        return md.ToString();
    }

    private static void Named(StringBuilder md, string title, List<NamedTiming> items, int top)
    {
        md.AppendLine($"### {title}").AppendLine();
        md.AppendLine("| name | exclusive | inclusive | count |").AppendLine("|---|---:|---:|---:|");
        foreach (var t in items.Take(top)) md.AppendLine($"| {Escape(t.Name)} | {Format.Duration(t.ExclusiveMs)} | {Format.Duration(t.InclusiveMs)} | {t.Count} |");
        md.AppendLine();
    }

    private static string Escape(string text) => text.Replace("|", "\\|").Replace("<", "&lt;").Replace("\r", "").Replace("\n", " ");
}
