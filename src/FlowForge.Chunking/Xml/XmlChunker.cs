using System.Text;
using FlowForge.Core.Diagnostics;

namespace FlowForge.Chunking;

/// <summary>
/// Chunks XML (MSBuild files, .resx, .xaml, .config) at the child elements of the root. The prolog and the
/// root start tag are the header chunk; comments and whitespace before a child belong to it; the root's end tag
/// travels with the last child. Comments, CDATA sections, processing instructions and quoted attribute values
/// are skipped as units, so a <c>&lt;</c> or <c>&gt;</c> inside them never counts. Names are the element name plus
/// the first distinguishing attribute present, e.g. <c>PackageReference[@Include='xunit']</c>,
/// <c>Target[@Name='Build']</c>, <c>data[@name='Title']</c>, otherwise just the element name.
/// </summary>
public sealed class XmlChunker : SemanticChunker
{
    private static readonly string[] NamingAttributes =
        { "Include", "Update", "Remove", "Name", "name", "Id", "id", "x:Key", "x:Name", "Key", "key", "Project", "Label", "Condition" };

    /// <summary>Creates an XML chunker with <paramref name="options"/> (default <see cref="ChunkingOptions.Default"/>).</summary>
    public XmlChunker(ChunkingOptions? options = null) : base(options) { }

    /// <inheritdoc />
    public override string Name => "xml";

    private protected override void FindRegions(ReadOnlySpan<byte> s, List<SemanticRegion> regions, ICollection<Diagnostic>? diagnostics)
    {
        int i = 0, malformedAt = -1;
        // Prolog: declaration, comments, processing instructions, DOCTYPE.
        while (true)
        {
            int lt = s[i..].IndexOf((byte)'<');
            if (lt < 0) return; // no markup: one chunk
            i += lt;
            int end = SkipSpecial(s, i);
            if (end == 0) break; // an element
            if (end < 0) { Report(s, i, diagnostics); return; }
            i = end;
        }
        int rootEnd = SkipTag(s, i, out bool selfClosing);
        if (rootEnd < 0) { Report(s, i, diagnostics); return; }
        if (selfClosing) return;

        int depth = 1, previousEnd = rootEnd;
        i = rootEnd;
        while (i < s.Length)
        {
            int lt = s[i..].IndexOf((byte)'<');
            if (lt < 0) { malformedAt = i; break; }
            i += lt;
            int special = SkipSpecial(s, i);
            if (special < 0) { malformedAt = i; break; }
            if (special > 0) { i = special; continue; }
            if (i + 1 < s.Length && s[i + 1] == '/')
            {
                int close = s[i..].IndexOf((byte)'>');
                if (close < 0) { malformedAt = i; break; }
                i += close + 1;
                depth--;
                if (depth == 1) previousEnd = i;
                if (depth == 0) break;
                continue;
            }
            int tagEnd = SkipTag(s, i, out bool empty);
            if (tagEnd < 0) { malformedAt = i; break; }
            if (depth == 1)
                regions.Add(new SemanticRegion(LineBoundary.Between(s, previousEnd, i), ElementName(s[i..tagEnd]), ChunkKind.Element));
            if (empty)
            {
                if (depth == 1) previousEnd = tagEnd;
            }
            else depth++;
            i = tagEnd;
        }
        if (malformedAt >= 0 || depth > 0) Report(s, malformedAt >= 0 ? malformedAt : s.Length, diagnostics);
    }

    private static void Report(ReadOnlySpan<byte> s, int at, ICollection<Diagnostic>? diagnostics) =>
        diagnostics?.Add(SourcePosition.Malformed(s, at, "XML structure could not be followed here (unterminated tag, comment or CDATA, or unclosed elements); the rest is chunked coarser."));

    /// <summary>
    /// At a '&lt;': skips a comment, CDATA section, processing instruction or declaration and returns the offset after it;
    /// 0 when it is an element tag; -1 when it does not end.
    /// </summary>
    private static int SkipSpecial(ReadOnlySpan<byte> s, int i)
    {
        var rest = s[i..];
        if (rest.StartsWith("<!--"u8)) return EndAfter(s, i + 4, "-->"u8);
        if (rest.StartsWith("<![CDATA["u8)) return EndAfter(s, i + 9, "]]>"u8);
        if (rest.StartsWith("<?"u8)) return EndAfter(s, i + 2, "?>"u8);
        if (rest.StartsWith("<!"u8))
        {
            // DOCTYPE with an optional [internal subset].
            int depth = 0;
            for (int j = i + 2; j < s.Length; j++)
            {
                if (s[j] == '[') depth++;
                else if (s[j] == ']') depth--;
                else if (s[j] == '>' && depth <= 0) return j + 1;
            }
            return -1;
        }
        return 0;
    }

    private static int EndAfter(ReadOnlySpan<byte> s, int from, ReadOnlySpan<byte> terminator)
    {
        if (from > s.Length) return -1;
        int at = s[from..].IndexOf(terminator);
        return at < 0 ? -1 : from + at + terminator.Length;
    }

    /// <summary>Offset after the start tag at <paramref name="i"/> (quoted attribute values may hold '&gt;'), or -1.</summary>
    private static int SkipTag(ReadOnlySpan<byte> s, int i, out bool selfClosing)
    {
        selfClosing = false;
        for (int j = i + 1; j < s.Length; j++)
        {
            byte c = s[j];
            if (c is (byte)'"' or (byte)'\'')
            {
                int close = s[(j + 1)..].IndexOf(c);
                if (close < 0) return -1;
                j += close + 1;
                continue;
            }
            if (c == '>')
            {
                selfClosing = s[j - 1] == '/';
                return j + 1;
            }
            if (c == '<') return -1; // a tag cannot contain '<' outside a value: the tag was cut off
        }
        return -1;
    }

    private static string ElementName(ReadOnlySpan<byte> tag)
    {
        int i = 1;
        while (i < tag.Length && !IsNameEnd(tag[i])) i++;
        string element = Encoding.UTF8.GetString(tag[1..i]);
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        while (i < tag.Length)
        {
            while (i < tag.Length && (IsSpace(tag[i]) || tag[i] == '/')) i++;
            int nameStart = i;
            while (i < tag.Length && tag[i] != '=' && !IsNameEnd(tag[i])) i++;
            if (i == nameStart) break;
            string name = Encoding.UTF8.GetString(tag[nameStart..i]);
            while (i < tag.Length && IsSpace(tag[i])) i++;
            if (i >= tag.Length || tag[i] != '=') continue;
            i++;
            while (i < tag.Length && IsSpace(tag[i])) i++;
            if (i >= tag.Length || tag[i] is not ((byte)'"' or (byte)'\'')) break;
            byte quote = tag[i];
            int close = tag[(i + 1)..].IndexOf(quote);
            if (close < 0) break;
            attributes.TryAdd(name, Encoding.UTF8.GetString(tag.Slice(i + 1, close)));
            i += close + 2;
        }
        foreach (var key in NamingAttributes)
            if (attributes.TryGetValue(key, out var value))
                return $"{element}[@{key}='{value}']";
        return element;
    }

    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
    private static bool IsNameEnd(byte c) => IsSpace(c) || c is (byte)'>' or (byte)'/';
}
