using FlowForge.Reporting.Model;
using Spectre.Console;

namespace FlowForge.Reporting.Rendering;

/// <summary>The default format: Spectre.Console tables in the terminal (plain text when written to a file or pipe).</summary>
public static class ConsoleReport
{
    public static void Write(BuildReport r, IAnsiConsole console, int top = 10)
    {
        console.MarkupLine((r.Summary.Succeeded ? "[green]" : "[red]") + Markup.Escape(ReportText.Headline(r)) + "[/]");
        console.MarkupLine("[bold]" + Markup.Escape(ReportText.FlowForgeLine(r.FlowForge)) + "[/]");
        if (r.Git is { } git) console.MarkupLine("git: " + Markup.Escape(ReportText.GitLine(git)));
        if (r.Scheduling is { } scheduling) console.MarkupLine("[yellow]! " + Markup.Escape(scheduling) + "[/]");
        foreach (var flag in r.Flags) console.MarkupLine("[yellow]! " + Markup.Escape(flag.Message) + "[/]");
        foreach (var warning in r.ReaderWarnings) console.MarkupLine("[yellow]" + Markup.Escape(warning) + "[/]");
        console.MarkupLine(Markup.Escape(ReportText.TimeLine(r.Time)));
        console.MarkupLine(Markup.Escape(ReportText.CriticalPathLine(r.CriticalPath)));
        if (r.Nodes.Count > 0) console.MarkupLine(Markup.Escape(ReportText.NodesLine(r.Nodes)));
        console.MarkupLine(Markup.Escape(ReportText.QueueLine(r.Queueing)));
        foreach (var e in r.Diagnostics.Where(d => d.Severity == "error").Take(top))
            console.MarkupLine("[red]" + Markup.Escape(ReportText.Diagnostic(e)) + "[/]");
        console.WriteLine();

        var path = new Table().Border(TableBorder.Rounded).Title($"Critical path: {Format.Duration(r.CriticalPath.TotalMs)} of execution (each step references the one above)")
            .AddColumn("#", c => c.RightAligned()).AddColumn("Project").AddColumn("Own execution", c => c.RightAligned())
            .AddColumn("Queued", c => c.RightAligned()).AddColumn("From", c => c.RightAligned()).AddColumn("To", c => c.RightAligned());
        var i = 0;
        foreach (var s in r.CriticalPath.Steps)
            path.AddRow((++i).ToString(), Markup.Escape(Format.Label(s.Project, s.TargetFramework)), Format.Duration(s.Ms), Format.Duration(s.QueuedMs), Format.Duration(s.StartMs), Format.Duration(s.EndMs));
        console.Write(path);

        var why = new Table().Border(TableBorder.Rounded).Title("Why projects rebuilt").AddColumn("Project").AddColumn("Why");
        foreach (var w in r.Rebuilt) why.AddRow(Markup.Escape(Format.Label(w.Project, w.TargetFramework)), Markup.Escape(string.Join("\n", ReportText.Why(w))));
        if (r.Rebuilt.Count == 0) why.AddRow("-", "no project did work: the build was a no-op");
        console.Write(why);

        var projects = new Table().Border(TableBorder.Rounded).Title("Slowest projects (own execution)")
            .AddColumn("Project").AddColumn("Exclusive", c => c.RightAligned()).AddColumn("Inclusive", c => c.RightAligned())
            .AddColumn("Queued", c => c.RightAligned()).AddColumn("Critical", c => c.RightAligned()).AddColumn("Rebuilt").AddColumn("FlowForge");
        foreach (var p in r.Projects.OrderByDescending(p => p.ExclusiveMs).Take(top))
            projects.AddRow(Markup.Escape(Format.Label(p.Name, p.TargetFramework)), Format.Duration(p.ExclusiveMs), Format.Duration(p.InclusiveMs),
                Format.Duration(p.QueuedMs), Format.Duration(p.CriticalMs), p.Rebuilt ? "yes" : "no", Markup.Escape(p.Decision ?? "-"));
        console.Write(projects);
        console.Write(Named("Slowest targets", r.Targets, top));
        console.Write(Named("Slowest tasks", r.Tasks, top));
        if (r.Analyzers.Count > 0) console.Write(Named("Slowest analyzers and generators", r.Analyzers, top));
        if (r.Time.SlowestEvaluations.Count > 0)
        {
            var evaluations = new Table().Border(TableBorder.Rounded).Title("Slowest evaluations").AddColumn("Project").AddColumn("Node", c => c.RightAligned())
                .AddColumn("Time", c => c.RightAligned()).AddColumn("At", c => c.RightAligned());
            foreach (var e in r.Time.SlowestEvaluations.Take(Math.Min(top, 5)))
                evaluations.AddRow(Markup.Escape(e.Project), e.Node.ToString(), Format.Duration(e.Ms), Format.Duration(e.StartMs));
            console.Write(evaluations);
        }
    }

    public static void Write(ReportComparison c, IAnsiConsole console, int top = 10)
    {
        console.MarkupLine(Markup.Escape($"Wall time {Format.Duration(c.BeforeWallMs)} → {Format.Duration(c.AfterWallMs)} ({Format.Signed(c.WallDeltaMs)}); critical path {Format.Duration(c.BeforeCriticalPathMs)} → {Format.Duration(c.AfterCriticalPathMs)}"));
        console.MarkupLine("[bold]" + Markup.Escape(ReportText.CompareFlowForgeLine(c.BeforeFlowForge, c.AfterFlowForge)) + "[/]");
        foreach (var line in ReportText.DifferenceLines(c.Differences)) console.MarkupLine("Differs: " + Markup.Escape(line));
        var table = new Table().Border(TableBorder.Rounded).Title("Projects (exclusive time)").AddColumn("Project")
            .AddColumn("Before", c => c.RightAligned()).AddColumn("After", c => c.RightAligned()).AddColumn("Change", c => c.RightAligned())
            .AddColumn("Rebuilt").AddColumn("FlowForge");
        foreach (var p in c.Projects.Take(top))
            table.AddRow(Markup.Escape(p.Project), p.BeforeMs is { } b ? Format.Duration(b) : "-", p.AfterMs is { } a ? Format.Duration(a) : "-", Format.Signed(p.DeltaMs),
                $"{(p.RebuiltBefore ? "yes" : "no")} → {(p.RebuiltAfter ? "yes" : "no")}", Markup.Escape(ReportText.Decision(p.DecisionBefore, p.DecisionAfter)));
        console.Write(table);
        var targets = new Table().Border(TableBorder.Rounded).Title("Targets (exclusive time)").AddColumn("Target")
            .AddColumn("Before", c => c.RightAligned()).AddColumn("After", c => c.RightAligned()).AddColumn("Change", c => c.RightAligned());
        foreach (var t in c.Targets.Take(top)) targets.AddRow(Markup.Escape(t.Name), Format.Duration(t.BeforeMs), Format.Duration(t.AfterMs), Format.Signed(t.DeltaMs));
        console.Write(targets);
        console.MarkupLine("Rebuilt only before: " + Markup.Escape(c.RebuiltOnlyBefore.Count == 0 ? "none" : string.Join(", ", c.RebuiltOnlyBefore)));
        console.MarkupLine("Rebuilt only after: " + Markup.Escape(c.RebuiltOnlyAfter.Count == 0 ? "none" : string.Join(", ", c.RebuiltOnlyAfter)));
    }

    private static Table Named(string title, List<NamedTiming> items, int top)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(title).AddColumn("Name")
            .AddColumn("Exclusive", c => c.RightAligned()).AddColumn("Inclusive", c => c.RightAligned()).AddColumn("Count", c => c.RightAligned());
        foreach (var t in items.Take(top)) table.AddRow(Markup.Escape(t.Name), Format.Duration(t.ExclusiveMs), Format.Duration(t.InclusiveMs), t.Count.ToString());
        return table;
    }
}
