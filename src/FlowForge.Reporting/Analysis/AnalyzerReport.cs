using System.Globalization;

namespace FlowForge.Reporting.Analysis;

/// <summary>
/// Reads the compiler's analyzer report (<c>-p:ReportAnalyzer=true</c>), which Csc prints line by line:
/// <code>
/// Total analyzer execution time: 0.412 seconds.
/// Time (s)    %   Analyzer
///    0.301   73   Microsoft.CodeAnalysis.NetAnalyzers, Version=…
///    0.120   29      Microsoft.NetCore.Analyzers.Runtime.SomeAnalyzer (CA1234)
/// Total generator execution time: 0.051 seconds.
/// Time (s)    %   Generator
///    0.030   58      Microsoft.Gen.Logging.LoggingGenerator
/// </code>
/// Each analyzer or generator (the indented lines, not their assemblies) is summed over the build's compiles.
/// </summary>
internal static class AnalyzerReport
{
    public enum Section { None, Analyzers, Generators }

    public const string AnalyzerPrefix = "analyzer: ";
    public const string GeneratorPrefix = "generator: ";

    /// <returns>The section the following lines belong to.</returns>
    public static Section Read(string text, Section section, Dictionary<string, Aggregate> into)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith("Total analyzer execution time", StringComparison.Ordinal)) { section = Section.Analyzers; continue; }
            if (trimmed.StartsWith("Total generator execution time", StringComparison.Ordinal)) { section = Section.Generators; continue; }
            if (section == Section.None || trimmed.Length == 0) continue;
            if (TryParseRow(line, out var seconds, out var name, out var indent))
            {
                // Assembly rows ("Name, Version=…", indented less) total their analyzers: only the analyzers are kept.
                if (name.Contains(", Version=", StringComparison.Ordinal) || indent < 5) continue;
                var key = (section == Section.Analyzers ? AnalyzerPrefix : GeneratorPrefix) + name;
                Aggregate.Add(into, key, seconds * 1000, seconds * 1000);
            }
            else if (!trimmed.StartsWith("Time (s)", StringComparison.Ordinal) && !trimmed.StartsWith("NOTE:", StringComparison.Ordinal))
            {
                section = Section.None; // the table ended
            }
        }
        return section;
    }

    /// <summary>"   0.120   29      Name (ID)": seconds ("&lt;0.001" reads as 0), percent, name and the name's column.</summary>
    internal static bool TryParseRow(string line, out double seconds, out string name, out int indent)
    {
        seconds = 0;
        name = "";
        indent = 0;
        var parts = line.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3) return false;
        if (!double.TryParse(parts[0].TrimStart('<'), NumberStyles.Float, CultureInfo.InvariantCulture, out seconds)) return false;
        if (parts[0].StartsWith('<')) seconds = 0; // "<0.001": too little to measure
        if (!int.TryParse(parts[1].TrimStart('<'), NumberStyles.Integer, CultureInfo.InvariantCulture, out _)) return false;
        name = parts[2].Trim();
        var afterPercent = line.IndexOf(parts[1], line.IndexOf(parts[0], StringComparison.Ordinal) + parts[0].Length, StringComparison.Ordinal) + parts[1].Length;
        indent = line.IndexOf(name, afterPercent, StringComparison.Ordinal) - afterPercent;
        return name.Length > 0;
    }
}
