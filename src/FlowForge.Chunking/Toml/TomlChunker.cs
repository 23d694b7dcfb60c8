using System.Text;
using FlowForge.Core.Diagnostics;

namespace FlowForge.Chunking;

/// <summary>
/// Chunks TOML at <c>[table]</c> and <c>[[array.of.tables]]</c> headers. The key/value pairs before the first
/// header are the <c>&lt;preamble&gt;</c> chunk. Comment lines directly above a header (no blank line between)
/// belong to that header's chunk. A line starting with <c>[</c> is a header only outside strings (including
/// multi-line <c>"""</c>/<c>'''</c> strings) and outside multi-line array or inline-table values. Names are the
/// header with whitespace outside quotes removed: <c>[server.tls]</c>, <c>[[products]]</c>, <c>[[products]]#2</c>, ….
/// </summary>
public sealed class TomlChunker : SemanticChunker
{
    /// <summary>Creates a TOML chunker with <paramref name="options"/> (default <see cref="ChunkingOptions.Default"/>).</summary>
    public TomlChunker(ChunkingOptions? options = null) : base(options) { }

    /// <inheritdoc />
    public override string Name => "toml";

    private protected override void FindRegions(ReadOnlySpan<byte> s, List<SemanticRegion> regions, ICollection<Diagnostic>? diagnostics)
    {
        regions.Add(new SemanticRegion(0, "<preamble>", ChunkKind.Header));
        int n = s.Length, i = 0, depth = 0, commentRun = -1, malformedAt = -1;
        while (i < n)
        {
            int lineStart = i, p = i;
            while (p < n && (s[p] == ' ' || s[p] == '\t')) p++;
            if (p >= n || s[p] == '\n' || s[p] == '\r')
            {
                commentRun = -1;
                i = LineBoundary.EndOfLine(s, p) + 1;
                continue;
            }
            if (s[p] == '#')
            {
                if (commentRun < 0) commentRun = lineStart;
                i = LineBoundary.EndOfLine(s, p) + 1;
                continue;
            }
            if (s[p] == '[' && depth == 0)
            {
                int end = ParseHeader(s, p, out string name);
                if (end < 0) { if (malformedAt < 0) malformedAt = p; end = LineBoundary.EndOfLine(s, p); }
                regions.Add(new SemanticRegion(commentRun >= 0 ? commentRun : lineStart, name, ChunkKind.Table));
                p = end;
            }
            commentRun = -1;
            i = ScanRestOfLine(s, p, ref depth, ref malformedAt);
        }
        if (malformedAt >= 0)
            diagnostics?.Add(SourcePosition.Malformed(s, malformedAt, "TOML structure could not be followed here (unterminated string or table header); the rest is chunked coarser."));
    }

    /// <summary>Parses <c>[a."b c".d]</c> or <c>[[x]]</c> at <paramref name="at"/>; returns the offset after it, or -1 when unterminated.</summary>
    private static int ParseHeader(ReadOnlySpan<byte> s, int at, out string name)
    {
        bool array = at + 1 < s.Length && s[at + 1] == '[';
        int i = at + (array ? 2 : 1);
        var raw = new List<byte>();
        while (i < s.Length && s[i] != ']' && s[i] != '\n')
        {
            byte c = s[i];
            if (c is (byte)' ' or (byte)'\t') { i++; continue; }
            if (c is (byte)'"' or (byte)'\'')
            {
                int j = i + 1;
                while (j < s.Length && s[j] != c && s[j] != '\n') j += c == '"' && s[j] == '\\' ? 2 : 1;
                j = Math.Min(j + 1, s.Length);
                for (int k = i; k < j; k++) raw.Add(s[k]);
                i = j;
                continue;
            }
            raw.Add(c);
            i++;
        }
        string text = Encoding.UTF8.GetString(raw.ToArray());
        name = array ? $"[[{text}]]" : $"[{text}]";
        if (i >= s.Length || s[i] != ']') return -1;
        i++;
        if (array)
        {
            if (i >= s.Length || s[i] != ']') return -1;
            i++;
        }
        return i;
    }

    /// <summary>Scans a line (and any multi-line string it opens) for strings, comments and brackets; returns the next line's start.</summary>
    private static int ScanRestOfLine(ReadOnlySpan<byte> s, int i, ref int depth, ref int malformedAt)
    {
        int n = s.Length;
        while (i < n)
        {
            byte c = s[i];
            switch (c)
            {
                case (byte)'\n':
                    return i + 1;
                case (byte)'#':
                    i = LineBoundary.EndOfLine(s, i);
                    continue;
                case (byte)'"' or (byte)'\'':
                    bool multiLine = i + 2 < n && s[i + 1] == c && s[i + 2] == c;
                    i = multiLine ? SkipMultiLineString(s, i, c, ref malformedAt) : SkipString(s, i, c, ref malformedAt);
                    continue;
                case (byte)'[' or (byte)'{':
                    depth++;
                    break;
                case (byte)']' or (byte)'}':
                    if (depth > 0) depth--;
                    break;
            }
            i++;
        }
        return n;
    }

    private static int SkipString(ReadOnlySpan<byte> s, int i, byte quote, ref int malformedAt)
    {
        int j = i + 1;
        while (j < s.Length && s[j] != quote && s[j] != '\n') j += quote == '"' && s[j] == '\\' ? 2 : 1;
        if (j < s.Length && s[j] == quote) return j + 1;
        if (malformedAt < 0) malformedAt = i;
        return Math.Min(j, s.Length);
    }

    private static int SkipMultiLineString(ReadOnlySpan<byte> s, int i, byte quote, ref int malformedAt)
    {
        int j = i + 3;
        while (j < s.Length)
        {
            if (quote == '"' && s[j] == '\\') { j += 2; continue; }
            if (s[j] == quote && j + 2 < s.Length && s[j + 1] == quote && s[j + 2] == quote)
            {
                j += 3;
                // Up to two more quotes may end the content ("""a""""" is a + two quotes).
                for (int extra = 0; extra < 2 && j < s.Length && s[j] == quote; extra++) j++;
                return j;
            }
            j++;
        }
        if (malformedAt < 0) malformedAt = i;
        return s.Length;
    }
}
