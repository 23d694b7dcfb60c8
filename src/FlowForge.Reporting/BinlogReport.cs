using FlowForge.Reporting.Analysis;
using FlowForge.Reporting.Model;
using FlowForge.Reporting.Reading;

namespace FlowForge.Reporting;

/// <summary>The entry point: a binlog (and the FlowForge records next to the projects it built) in, a <see cref="BuildReport"/> out.</summary>
public static class BinlogReport
{
    /// <param name="top">How many targets and tasks to keep, slowest (exclusive time) first.</param>
    /// <exception cref="ReportException">Missing, foreign, corrupt or truncated binlog (FF8001–FF8003).</exception>
    public static BuildReport Read(string binlog, int top = 20)
    {
        var path = Path.GetFullPath(binlog);
        var collector = new BuildCollector();
        var warnings = new List<string>();
        BinlogEvents.Read(path, collector.Add, warnings, out var version);
        return ReportBuilder.Build(collector, path, version, warnings, top);
    }

    /// <summary>The newest <c>*.binlog</c> in <paramref name="folder"/>, or null.</summary>
    public static string? FindNewest(string folder) => Directory.Exists(folder)
        ? new DirectoryInfo(folder).EnumerateFiles("*.binlog").OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault()?.FullName
        : null;
}
