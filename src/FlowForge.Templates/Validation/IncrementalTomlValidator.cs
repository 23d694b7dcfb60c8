using System.Text;
using FlowForge.Chunking;
using FlowForge.Core.Diagnostics;

namespace FlowForge.Templates.Validation;

/// <summary>The cached result of checking one TOML chunk (one or more consecutive tables) on its own.</summary>
/// <param name="Valid">The chunk parses as a TOML document by itself.</param>
/// <param name="Skeleton">The chunk's table headers and keys with placeholder values (<c>0</c>, <c>[]</c>, <c>{}</c>):
/// everything about it that can conflict with other tables.</param>
public sealed record TomlTableCheck(bool Valid, string Skeleton);

/// <summary>
/// Validates large TOML documents per table, re-checking only tables whose content changed (the first real user of
/// <see cref="ChunkWorkCache{TResult}"/>). A document is split at its tables (<see cref="TomlChunker"/>); each chunk is
/// parsed on its own, cached by its content hash; then the "skeleton" of the whole document — every header and key with
/// a placeholder value of the same shape (scalar, array, inline table) — is parsed to find what only the whole document
/// can show: a table defined twice, a key redefined by a header, an inline table or static array extended elsewhere.
/// <para>
/// Sound by construction: if every chunk is valid alone and the skeleton is valid, the document is valid (values only
/// matter inside their own chunk; across chunks only headers, keys and value shapes can conflict). When the answer is
/// not "valid", the caller runs the full parse, so diagnostics are always exactly those of a full validation.
/// </para>
/// </summary>
public static class IncrementalTomlValidator
{
    /// <summary>Work kind of the cache (bump the version when the check changes).</summary>
    public const string WorkKind = "toml-table-check/v1";

    /// <summary>Creates an empty cache, or loads one saved by <see cref="ChunkWorkCache{TResult}.Save"/> (corrupt: empty plus FF6001).</summary>
    public static ChunkWorkCache<TomlTableCheck> LoadCache(string? path, ICollection<Diagnostic>? diagnostics = null) =>
        path is null ? new ChunkWorkCache<TomlTableCheck>(WorkKind) : ChunkWorkCache<TomlTableCheck>.Load(path, WorkKind, diagnostics);

    /// <summary>
    /// True when <paramref name="text"/> is certainly valid TOML. False means it may not be: run the full parse for the
    /// exact diagnostics. Only chunks not in <paramref name="cache"/> are parsed.
    /// </summary>
    public static bool IsValid(string text, ChunkWorkCache<TomlTableCheck> cache)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var chunks = new TomlChunker().Split(bytes);
        var skeleton = new StringBuilder();
        foreach (var chunk in chunks)
        {
            var check = cache.GetOrCompute(chunk, bytes, static (_, content) => Check(Encoding.UTF8.GetString(content.Span)));
            if (!check.Valid) return false;
            skeleton.Append(check.Skeleton);
        }
        return !Toml.Toml.Parse(skeleton.ToString()).HasErrors;
    }

    /// <summary>Parses one chunk on its own and extracts its skeleton.</summary>
    public static TomlTableCheck Check(string chunk)
    {
        if (Toml.Toml.Parse(chunk).HasErrors) return new TomlTableCheck(false, "");
        return new TomlTableCheck(true, Skeleton(chunk));
    }

    /// <summary>
    /// Headers verbatim (minus comments) and each key/value line as <c>key = 0</c>, <c>key = []</c> or <c>key = {}</c>.
    /// Values are skipped with a small lexer that knows every TOML string form, comments and nested brackets, so a
    /// multi-line string or array never looks like a key. Only called on chunks that parsed.
    /// </summary>
    internal static string Skeleton(string s)
    {
        var result = new StringBuilder();
        int i = 0, n = s.Length;
        while (i < n)
        {
            while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
            if (i >= n) break;
            char c = s[i];
            if (c == '\n' || c == '\r') { i++; continue; }
            if (c == '#') { i = EndOfLine(s, i); continue; }
            if (c == '[')
            {
                int end = SkipKeyText(s, i, stopAt: '\0');
                result.Append(s, i, end - i).Append('\n');
                i = EndOfLine(s, end);
                continue;
            }
            int equals = SkipKeyText(s, i, stopAt: '=');
            if (equals >= n) break;
            result.Append(s, i, equals - i).Append("= ");
            int v = equals + 1;
            while (v < n && (s[v] == ' ' || s[v] == '\t')) v++;
            result.Append(v < n && s[v] == '{' ? "{}" : v < n && s[v] == '[' ? "[]" : "0").Append('\n');
            i = SkipValue(s, v);
        }
        return result.ToString();
    }

    /// <summary>Skips key text (bare or quoted parts) up to <paramref name="stopAt"/>, or for a header to its closing
    /// bracket(s) and the end of the header; returns the index of the stop character / the end of the header.</summary>
    private static int SkipKeyText(string s, int i, char stopAt)
    {
        int n = s.Length;
        bool header = stopAt == '\0';
        while (i < n)
        {
            char c = s[i];
            if (c == '"' || c == '\'') { i = SkipSingleLineString(s, i); continue; }
            if (!header && c == stopAt) return i;
            if (header && c == ']')
            {
                i++;
                if (i < n && s[i] == ']') i++;
                return i;
            }
            if (c == '\n') return i;
            i++;
        }
        return n;
    }

    private static int SkipSingleLineString(string s, int i)
    {
        char quote = s[i++];
        while (i < s.Length && s[i] != quote && s[i] != '\n')
        {
            if (quote == '"' && s[i] == '\\') i++;
            i++;
        }
        return Math.Min(i + 1, s.Length);
    }

    /// <summary>Returns the index after the value starting at <paramref name="i"/> and the rest of its line.</summary>
    private static int SkipValue(string s, int i)
    {
        int n = s.Length, depth = 0;
        while (i < n)
        {
            char c = s[i];
            if (c == '"' || c == '\'')
            {
                bool multi = i + 2 < n && s[i + 1] == c && s[i + 2] == c;
                if (!multi) { i = SkipSingleLineString(s, i); continue; }
                i += 3;
                while (i < n && !(s[i] == c && i + 2 < n && s[i + 1] == c && s[i + 2] == c))
                {
                    if (c == '"' && s[i] == '\\') i++;
                    i++;
                }
                i += 3;
                while (i < n && s[i] == c) i++; // up to two quotes may end the content
                continue;
            }
            if (c == '#') { i = EndOfLine(s, i); continue; }
            if (c == '[' || c == '{') depth++;
            else if (c == ']' || c == '}') depth--;
            else if (c == '\n' && depth <= 0) return i + 1;
            i++;
        }
        return n;
    }

    private static int EndOfLine(string s, int i)
    {
        int end = s.IndexOf('\n', i);
        return end < 0 ? s.Length : end;
    }
}
