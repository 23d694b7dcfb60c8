using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace FlowForge.Tool.Init;

/// <summary>
/// An XML build file (Directory.Build.props, Directory.Packages.props, nuget.config) edited the way a person would:
/// whitespace, comments, the XML declaration, the byte order mark and the line endings are kept; new elements are
/// indented like their siblings. <see cref="Load"/> reports malformed XML as FF5201 instead of throwing.
/// </summary>
public sealed class XmlFile
{
    private readonly bool _byteOrderMark;
    private readonly byte[]? _original;

    public string Path { get; }
    public XDocument Document { get; }
    public bool Exists => _original is not null;
    /// <summary>The file's line ending ("\n" for a new file).</summary>
    public string NewLine { get; }
    /// <summary>One level of indentation as the file uses it (two spaces when it cannot tell).</summary>
    public string IndentUnit { get; }

    private XmlFile(string path, XDocument document, byte[]? original, bool byteOrderMark, string newLine, string indentUnit)
    {
        Path = path;
        Document = document;
        _original = original;
        _byteOrderMark = byteOrderMark;
        NewLine = newLine;
        IndentUnit = indentUnit;
    }

    public XElement Root => Document.Root!;

    /// <summary>A file that does not exist yet, with this root element.</summary>
    public static XmlFile New(string path, string rootName, bool declaration = false)
    {
        var document = new XDocument(new XElement(rootName, new XText("\n")));
        if (declaration) document.Declaration = new XDeclaration("1.0", "utf-8", null);
        return new XmlFile(path, document, null, false, "\n", "  ");
    }

    /// <summary>Reads <paramref name="path"/>; null and <paramref name="problem"/> when it is not well-formed XML with a
    /// root named <paramref name="rootName"/> (case-insensitive, as NuGet reads nuget.config).</summary>
    public static XmlFile? Load(string path, string rootName, out string? problem)
    {
        problem = null;
        var bytes = File.ReadAllBytes(path);
        bool bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
        var text = new UTF8Encoding(false).GetString(bytes, bom ? 3 : 0, bytes.Length - (bom ? 3 : 0));
        XDocument document;
        try
        {
            document = XDocument.Parse(text, LoadOptions.PreserveWhitespace | LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            problem = $"error {InitDiagnosticCodes.MalformedFile}: {path}({e.LineNumber},{e.LinePosition}): not well-formed XML ({e.Message}). Correct it and run dotnet flowforge init again; nothing was changed.";
            return null;
        }
        if (document.Root is null || !string.Equals(document.Root.Name.LocalName, rootName, StringComparison.OrdinalIgnoreCase))
        {
            problem = $"error {InitDiagnosticCodes.MalformedFile}: {path}: the root element is <{document.Root?.Name.LocalName}>, expected <{rootName}>. Correct it and run dotnet flowforge init again; nothing was changed.";
            return null;
        }
        var newLine = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        return new XmlFile(path, document, bytes, bom, newLine, DetectIndentUnit(document));
    }

    /// <summary>The bytes to write: the declaration (if any) and the document, with the file's line endings and BOM.</summary>
    public byte[] Render()
    {
        // Whitespace and comments around the root are document-level nodes (PreserveWhitespace): written as they were.
        var body = string.Concat(Document.Nodes().Select(n => n.ToString(SaveOptions.DisableFormatting)));
        if (!body.EndsWith('\n')) body += "\n";
        var declaration = Document.Declaration is { } d ? d + (Document.FirstNode is XText ? "" : "\n") : "";
        var text = declaration + body;
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (NewLine != "\n") text = text.Replace("\n", NewLine, StringComparison.Ordinal);
        var encoded = new UTF8Encoding(false).GetBytes(text);
        return _byteOrderMark ? [0xEF, 0xBB, 0xBF, .. encoded] : encoded;
    }

    /// <summary>An edit when the content differs from the file on disk; null when it would not change.</summary>
    public FileEdit? Edit(IReadOnlyList<string> changes)
    {
        if (changes.Count == 0) return null;
        var content = Render();
        if (_original is not null && _original.AsSpan().SequenceEqual(content)) return null;
        return new FileEdit(Path, !Exists, changes, content);
    }

    /// <summary>Adds <paramref name="child"/> as the last element of <paramref name="parent"/>, on a line of its own,
    /// indented like the parent's other children (or one level deeper than the parent).</summary>
    public XElement Append(XElement parent, XElement child)
    {
        var parentIndent = IndentOf(parent);
        var childIndent = parent.Elements().FirstOrDefault() is { } first ? IndentOf(first) : parentIndent + IndentUnit;
        if (parent.LastNode is XText closing && string.IsNullOrWhiteSpace(closing.Value) && parent.Nodes().Count() > 1)
        {
            closing.AddBeforeSelf(new XText("\n" + childIndent), child);
        }
        else
        {
            if (parent.LastNode is XText blank && string.IsNullOrWhiteSpace(blank.Value)) blank.Remove();
            parent.Add(new XText("\n" + childIndent), child, new XText("\n" + parentIndent));
        }
        return child;
    }

    /// <summary>Removes an element together with the indentation before it.</summary>
    public static void Remove(XElement element)
    {
        if (element.PreviousNode is XText before && string.IsNullOrWhiteSpace(before.Value)) before.Remove();
        element.Remove();
    }

    /// <summary>The whitespace in front of an element on its line.</summary>
    public static string IndentOf(XElement element)
    {
        if (element.PreviousNode is not XText text) return "";
        var value = text.Value.Replace("\r", "", StringComparison.Ordinal);
        int newline = value.LastIndexOf('\n');
        var tail = newline < 0 ? value : value[(newline + 1)..];
        return tail.All(c => c is ' ' or '\t') ? tail : "";
    }

    private static string DetectIndentUnit(XDocument document)
    {
        foreach (var element in document.Root!.Elements())
        {
            var indent = IndentOf(element);
            if (indent.Length > 0) return indent;
        }
        return "  ";
    }

    /// <summary>Elements anywhere below the root with this local name (MSBuild files may or may not use a namespace).</summary>
    public IEnumerable<XElement> Descendants(string localName) =>
        Root.Descendants().Where(e => string.Equals(e.Name.LocalName, localName, StringComparison.OrdinalIgnoreCase));

    /// <summary>A new element in the root's namespace (old-style MSBuild files declare one).</summary>
    public XElement Element(string localName, params object[] content) => new(Root.Name.Namespace + localName, content);

    /// <summary>An attribute's value, matched case-insensitively as MSBuild and NuGet match them.</summary>
    public static string? Attribute(XElement element, string name) =>
        element.Attributes().FirstOrDefault(a => string.Equals(a.Name.LocalName, name, StringComparison.OrdinalIgnoreCase))?.Value;
}
