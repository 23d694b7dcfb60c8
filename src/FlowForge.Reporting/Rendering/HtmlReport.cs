using System.Text.Json;
using FlowForge.Reporting.Model;

namespace FlowForge.Reporting.Rendering;

/// <summary>
/// <c>--format html</c>: one self-contained page (style, script and data inline; a Content-Security-Policy forbids
/// every network request) with a timeline of project builds per node, the critical path highlighted, and sortable tables.
/// </summary>
public static class HtmlReport
{
    private static readonly Lazy<(string Page, string Style, string Script)> Assets = new(() =>
        (Resource("report.html"), Resource("report.css"), Resource("report.js")));

    // The default encoder escapes <, > and &: the JSON can never close its <script> element.
    private static readonly JsonSerializerOptions DataOptions = new(ReportJson.Options) { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default };

    public static string Write(BuildReport report)
    {
        var (page, style, script) = Assets.Value;
        var data = JsonSerializer.Serialize(report, DataOptions);
        // Replace the script last: the data or style never contain its placeholder, the script's text is inserted verbatim.
        return page.Replace("/*STYLE*/", style).Replace("/*DATA*/", data).Replace("/*SCRIPT*/", script);
    }

    private static string Resource(string name)
    {
        using var stream = typeof(HtmlReport).Assembly.GetManifestResourceStream("FlowForge.Reporting." + name)
                           ?? throw new InvalidOperationException("missing embedded resource " + name);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
