using System.Text.RegularExpressions;
using FlowForge.Reporting.Rendering;

namespace FlowForge.Reporting.Tests;

/// <summary>
/// The HTML report in a real headless Chromium (Debian package `chromium`; .ci/run installs it): the script renders
/// the timeline and tables without console errors, sorting works, nothing is fetched, and a screenshot is saved to
/// artifacts/report/timeline.png for people to look at.
/// </summary>
[Collection(SampleBuildsCollection.Name)]
public sealed class HtmlBrowserTests(SampleBuilds builds)
{
    [Fact]
    public void TheTimelineRendersSortsAndFetchesNothing()
    {
        var chromium = FindChromium();
        Assert.True(chromium is not null, "chromium is not installed: `apt-get install -y chromium` (.ci/run installs it). The HTML report must be tested in a real browser.");

        var report = BinlogReport.Read(builds.Edited);
        var html = HtmlReport.Write(report);
        var page = Path.Combine(builds.Root, "report-" + Guid.NewGuid().ToString("N")[..6] + ".html");
        File.WriteAllText(page, html);

        // Self-contained: a policy that forbids every fetch, and no URL in any src/href.
        Assert.Contains("default-src 'none'", html);
        Assert.DoesNotMatch(new Regex(@"(src|href)\s*=\s*[""']?(https?:)?//", RegexOptions.IgnoreCase), html);

        var (exit, dom, log) = RunChromium(chromium!, builds.Root, "--dump-dom", new Uri(page).AbsoluteUri);
        Assert.True(exit == 0, "chromium failed:\n" + log);
        Assert.Contains("data-rendered=\"true\"", dom);
        Assert.DoesNotContain("data-errors", Regex.Match(dom, "<body[^>]*>").Value);
        var consoleLines = log.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToList();
        Assert.True(consoleLines.Count == 0, "console output (errors or blocked requests):\n" + string.Join('\n', consoleLines));

        var bars = Regex.Match(dom, "data-bars=\"(\\d+)\"");
        Assert.True(bars.Success && int.Parse(bars.Groups[1].Value) == report.Timeline.Count, "timeline bars: " + bars.Value);
        Assert.Contains("class=\"bar critical\"", dom);
        Assert.Contains("class=\"critical-span\"", dom);
        Assert.Contains(">node ", dom);
        Assert.Contains("Lib (net10.0)", dom);

        // Sorting: by name (text, ascending first), by exclusive time (numbers, descending first), and flipped by a second click.
        // With two projects at least one of these must reorder the rows, whatever order they were rendered in.
        var names = report.Projects.Select(p => p.TargetFramework is null ? p.Name : $"{p.Name} ({p.TargetFramework})").ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), ProjectColumn(SortedDom(chromium!, page, "projects-table:0"), 0));
        var descending = ProjectColumn(SortedDom(chromium!, page, "projects-table:1"), 1).Select(Number).ToList();
        Assert.Equal(report.Projects.Select(p => p.ExclusiveMs).OrderDescending(), descending);
        var ascending = ProjectColumn(SortedDom(chromium!, page, "projects-table:1,projects-table:1"), 1).Select(Number).ToList();
        Assert.Equal(report.Projects.Select(p => p.ExclusiveMs).Order(), ascending);

        // A screenshot of the rendered page.
        var artifacts = Path.Combine(BinlogReportTests.RepositoryRoot(), "artifacts", "report");
        Directory.CreateDirectory(artifacts);
        var screenshot = Path.Combine(artifacts, "timeline.png");
        File.Delete(screenshot);
        var shot = RunChromium(chromium!, builds.Root, "--screenshot=" + screenshot, "--window-size=1400,1000", new Uri(page).AbsoluteUri);
        Assert.True(File.Exists(screenshot) && new FileInfo(screenshot).Length > 10_000, "no screenshot:\n" + shot.Log);
    }

    [Fact]
    public void AParallelBuildIsNavigableFilterableAndDrillsDownToTargets()
    {
        var chromium = FindChromium();
        Assert.True(chromium is not null, "chromium is not installed: `apt-get install -y chromium` (.ci/run installs it).");
        var report = BinlogReport.Read(builds.Generated);
        var page = Path.Combine(builds.Root, "generated-" + Guid.NewGuid().ToString("N")[..6] + ".html");
        File.WriteAllText(page, HtmlReport.Write(report));

        // Filter and drill-down, driven through the URL as a user's link would.
        var project = report.CriticalPath.Steps[^1];
        var name = $"{project.Project} ({project.TargetFramework})";
        var (exit, dom, log) = RunChromium(chromium!, builds.Root, "--dump-dom", new Uri(page).AbsoluteUri + "#filter=" + Uri.EscapeDataString(project.Project) + "&project=" + Uri.EscapeDataString(name));
        Assert.True(exit == 0 && dom.Contains("data-rendered=\"true\""), "chromium failed:\n" + log);
        Assert.DoesNotContain("data-errors", Regex.Match(dom, "<body[^>]*>").Value);
        var bars = int.Parse(Regex.Match(dom, "data-bars=\"(\\d+)\"").Groups[1].Value);
        var visible = int.Parse(Regex.Match(dom, "data-visible-bars=\"(\\d+)\"").Groups[1].Value);
        Assert.Equal(report.Timeline.Count, bars);
        Assert.Equal(report.Timeline.Count(b => b.Kind != "restore" && b.Project.Contains(project.Project, StringComparison.OrdinalIgnoreCase)), visible);
        Assert.True(visible < bars);
        Assert.Contains("<small id=\"details-title\">" + name + "</small>", dom);
        var details = Regex.Match(dom, "<table id=\"details-targets\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Contains(">CoreCompile<", details);

        // Lanes are packed by execution: never more lanes on a node than builds that executed at the same moment there.
        var lanes = int.Parse(Regex.Match(dom, "data-lanes=\"(\\d+)\"").Groups[1].Value);
        Assert.True(lanes <= report.Timeline.Count(b => b.Kind == "build") / 2 + 4, $"{lanes} lanes for {report.Timeline.Count} bars");

        var artifacts = Path.Combine(BinlogReportTests.RepositoryRoot(), "artifacts", "report");
        Directory.CreateDirectory(artifacts);
        var screenshot = Path.Combine(artifacts, "generated.png");
        File.Delete(screenshot);
        var shot = RunChromium(chromium!, builds.Root, "--screenshot=" + screenshot, "--window-size=1400,1100", new Uri(page).AbsoluteUri);
        Assert.True(File.Exists(screenshot) && new FileInfo(screenshot).Length > 10_000, "no screenshot:\n" + shot.Log);
    }

    private string SortedDom(string chromium, string page, string clicks)
    {
        var (exit, dom, log) = RunChromium(chromium, builds.Root, "--dump-dom", new Uri(page).AbsoluteUri + "#sort=" + clicks);
        Assert.True(exit == 0 && dom.Contains("data-rendered=\"true\""), "chromium failed:\n" + log);
        return dom;
    }

    /// <summary>Cell <paramref name="column"/> of every row of the projects table (numbers: their data-sort value).</summary>
    private static List<string> ProjectColumn(string dom, int column)
    {
        var table = Regex.Match(dom, "<table id=\"projects-table\".*?</table>", RegexOptions.Singleline).Value;
        var body = table[table.IndexOf("<tbody>", StringComparison.Ordinal)..];
        return Regex.Matches(body, "<tr[^>]*>(.*?)</tr>", RegexOptions.Singleline)
            .Select(row => Regex.Matches(row.Groups[1].Value, "<td(?: class=\"[^\"]*\")?(?: data-sort=\"([^\"]*)\")?>([^<]*)</td>")[column])
            .Select(cell => cell.Groups[1].Success && cell.Groups[1].Value.Length > 0 ? cell.Groups[1].Value : System.Net.WebUtility.HtmlDecode(cell.Groups[2].Value))
            .ToList();
    }

    private static double Number(string text) => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static (int Exit, string Dom, string Log) RunChromium(string chromium, string directory, params string[] arguments)
    {
        // A profile of its own per run; logging to stderr makes console messages visible ("INFO:CONSOLE").
        var profile = Path.Combine(directory, "chromium-profile-" + Guid.NewGuid().ToString("N")[..6]);
        string[] common = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--user-data-dir=" + profile,
                           "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000"];
        var start = new System.Diagnostics.ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        foreach (var a in common.Concat(arguments)) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2))) { process.Kill(entireProcessTree: true); throw new TimeoutException("chromium did not finish"); }
        return (process.ExitCode, stdout, stderr.Result);
    }

    private static string? FindChromium()
    {
        foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome" })
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
                if (dir.Length > 0 && File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        return null;
    }
}
