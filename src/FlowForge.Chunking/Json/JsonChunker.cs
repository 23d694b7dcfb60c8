using System.Text;
using System.Text.Json;
using FlowForge.Core.Diagnostics;

namespace FlowForge.Chunking;

/// <summary>
/// Chunks JSON at the members of a top-level object (name = the decoded key) or the elements of a top-level
/// array (name <c>[0]</c>, <c>[1]</c>, …). Strings and escapes are respected; nested values are skipped by
/// bracket counting. A chunk starts on the line after the previous member's comma, so the closing bracket
/// travels with the last member. Broken JSON stops the scan: what follows stays in the last chunk.
/// </summary>
public sealed class JsonChunker : SemanticChunker
{
    /// <summary>Creates a JSON chunker with <paramref name="options"/> (default <see cref="ChunkingOptions.Default"/>).</summary>
    public JsonChunker(ChunkingOptions? options = null) : base(options) { }

    /// <inheritdoc />
    public override string Name => "json";

    private protected override void FindRegions(ReadOnlySpan<byte> s, List<SemanticRegion> regions, ICollection<Diagnostic>? diagnostics)
    {
        int i = s.Length >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF ? 3 : 0;
        i = SkipWhitespace(s, i);
        if (i >= s.Length || (s[i] != '{' && s[i] != '[')) return; // a scalar or nothing: one chunk
        bool isObject = s[i] == '{';
        byte close = isObject ? (byte)'}' : (byte)']';
        int previousEnd = ++i, index = 0, malformedAt = -1;
        while (true)
        {
            i = SkipWhitespace(s, i);
            if (i >= s.Length) { malformedAt = i; break; }
            if (s[i] == close) break;
            int start = i;
            string name;
            if (isObject)
            {
                if (s[i] != '"') { malformedAt = i; break; }
                int keyEnd = SkipString(s, i);
                if (keyEnd < 0) { malformedAt = i; break; }
                name = DecodeKey(s[i..keyEnd]);
                i = SkipWhitespace(s, keyEnd);
                if (i >= s.Length || s[i] != ':') { malformedAt = i; regions.Add(new SemanticRegion(LineBoundary.Between(s, previousEnd, start), name, ChunkKind.Property)); break; }
                i++;
            }
            else
            {
                name = $"[{index}]";
            }
            regions.Add(new SemanticRegion(LineBoundary.Between(s, previousEnd, start), name, isObject ? ChunkKind.Property : ChunkKind.ArrayElement));
            index++;
            i = SkipValue(s, SkipWhitespace(s, i));
            if (i < 0) { malformedAt = start; break; }
            i = SkipWhitespace(s, i);
            if (i < s.Length && s[i] == ',') { previousEnd = ++i; continue; }
            if (i < s.Length && s[i] == close) break;
            malformedAt = i;
            break;
        }
        if (malformedAt >= 0)
            diagnostics?.Add(SourcePosition.Malformed(s, malformedAt, "JSON structure could not be followed here; the rest is chunked coarser."));
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && s[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') i++;
        return i;
    }

    /// <summary>Offset after the string starting at <paramref name="i"/>, or -1 when unterminated (JSON strings cannot span lines).</summary>
    private static int SkipString(ReadOnlySpan<byte> s, int i)
    {
        for (int j = i + 1; j < s.Length; j++)
        {
            byte c = s[j];
            if (c == '\\') { j++; continue; }
            if (c == '"') return j + 1;
            if (c == '\n') return -1;
        }
        return -1;
    }

    /// <summary>Offset after the value starting at <paramref name="i"/>, or -1 when it does not end.</summary>
    private static int SkipValue(ReadOnlySpan<byte> s, int i)
    {
        if (i >= s.Length) return -1;
        byte c = s[i];
        if (c == '"') return SkipString(s, i);
        if (c is (byte)'{' or (byte)'[')
        {
            int depth = 0;
            for (int j = i; j < s.Length; j++)
            {
                switch (s[j])
                {
                    case (byte)'"':
                        int end = SkipString(s, j);
                        if (end < 0) return -1;
                        j = end - 1;
                        break;
                    case (byte)'{' or (byte)'[':
                        depth++;
                        break;
                    case (byte)'}' or (byte)']':
                        if (--depth == 0) return j + 1;
                        break;
                }
            }
            return -1;
        }
        int k = i;
        while (k < s.Length && s[k] is not ((byte)',' or (byte)'}' or (byte)']' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) k++;
        return k > i ? k : -1;
    }

    private static string DecodeKey(ReadOnlySpan<byte> quoted)
    {
        if (quoted.IndexOf((byte)'\\') < 0) return Encoding.UTF8.GetString(quoted[1..^1]);
        try
        {
            var reader = new Utf8JsonReader(quoted);
            if (reader.Read() && reader.TokenType == JsonTokenType.String) return reader.GetString() ?? "";
        }
        catch (JsonException)
        {
            // An invalid escape: the raw text still names the member deterministically.
        }
        catch (InvalidOperationException)
        {
        }
        return Encoding.UTF8.GetString(quoted[1..^1]);
    }
}
