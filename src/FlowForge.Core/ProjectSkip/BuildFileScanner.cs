using System.Collections.Concurrent;
using System.Xml;
using FlowForge.Core.Hashing;

namespace FlowForge.Core.ProjectSkip;

/// <summary>
/// Reads an MSBuild file that is not the SDK's and finds what project skip cannot model: a target (whatever it does
/// would not run on a skip, and its inputs are unknown), or evaluation that reads state no fingerprint holds
/// (a file's existence, a file's content, the clock, a new GUID). Imports are fine: the imported file is itself an
/// input. Results are kept per file and stat data for the life of the process (files are scanned once per node).
/// </summary>
public static class BuildFileScanner
{
    private static readonly ConcurrentDictionary<string, (FileStatus Status, string? Finding)> Scanned = new(StatCache.PathComparer);

    // Property functions whose value depends on something outside the project's files and properties.
    private static readonly string[] OutsideStateFunctions =
    [
        "exists(", "[system.io.", "[system.datetime]", "[system.datetimeoffset]", "[system.guid]", "[system.environment]::",
        "[system.random]", "[msbuild]::getpathoffileabove", "[msbuild]::getdirectorynameoffileabove",
    ];

    /// <returns>Null when the file has nothing project skip cannot model, else a short description (e.g.
    /// "target 'Stamp' in Directory.Build.targets").</returns>
    public static string? Scan(string path)
    {
        var status = FileStatus.Of(path);
        if (Scanned.TryGetValue(path, out var known) && known.Status == status) return known.Finding;
        var finding = ScanUncached(path);
        Scanned[path] = (status, finding);
        return finding;
    }

    internal static string? ScanUncached(string path)
    {
        var name = Path.GetFileName(path);
        try
        {
            using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, IgnoreComments = true });
            return ScanXml(reader, name);
        }
        catch (Exception e) when (e is XmlException or IOException or UnauthorizedAccessException)
        {
            return $"{name} could not be read ({e.Message})";
        }
    }

    /// <summary>Scans MSBuild XML text (for tests and callers that hold the text).</summary>
    public static string? ScanText(string xml, string name)
    {
        using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, IgnoreComments = true });
        try { return ScanXml(reader, name); }
        catch (XmlException e) { return $"{name} could not be read ({e.Message})"; }
    }

    private static string? ScanXml(XmlReader reader, string name)
    {
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                var element = reader.LocalName;
                if (element == "Target")
                    return $"target '{reader.GetAttribute("Name")}' in {name}";
                // An Import's condition decides which files are imported; those files are inputs, so its Exists() is modelled.
                if (element is "Import" or "ImportGroup") continue;
                if (reader.HasAttributes)
                {
                    while (reader.MoveToNextAttribute())
                        if (FindOutsideState(reader.Value) is { } function)
                            return $"'{function.TrimEnd('(')}' in {name} (<{element} {reader.LocalName}=…>) reads state outside the project's files";
                    reader.MoveToElement();
                }
            }
            else if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA && FindOutsideState(reader.Value) is { } function)
            {
                return $"'{function.TrimEnd('(')}' in {name} reads state outside the project's files";
            }
        }
        return null;
    }

    private static string? FindOutsideState(string value)
    {
        if (value.IndexOf('(') < 0) return null;
        foreach (var function in OutsideStateFunctions)
            if (value.Contains(function, StringComparison.OrdinalIgnoreCase)) return function;
        return null;
    }
}
