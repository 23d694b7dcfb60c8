using System.Text;

namespace FlowForge.Git;

/// <summary>
/// A minimal git-config parser: sections, quoted subsections (<c>[remote "origin"]</c>), the legacy
/// <c>[section.sub]</c> form, case-insensitive names, <c>#</c>/<c>;</c> comments, quoted values,
/// backslash escapes and line continuations. Includes (<c>include.path</c>, <c>includeIf</c>) are
/// not followed: the values FlowForge reads (object format, remotes, core.worktree) live in the
/// repository's own config in practice, and following includes would mean evaluating conditions.
/// </summary>
public static class GitConfigReader
{
    /// <summary>Reads a config file; a missing file is an empty config.</summary>
    public static GitConfig ReadFile(string path) =>
        File.Exists(path) ? Parse(File.ReadAllText(path)) : GitConfig.Empty;

    /// <summary>Parses config text. Never throws; syntax errors go to <see cref="GitConfig.Errors"/>.</summary>
    public static GitConfig Parse(string text)
    {
        var config = new GitConfig();
        var reader = new Cursor(text);
        string? section = null;
        string? subsection = null;

        while (!reader.AtEnd)
        {
            reader.SkipWhitespace();
            if (reader.AtEnd) break;
            char c = reader.Peek;
            if (c == '\n') { reader.Advance(); continue; }
            if (c is '#' or ';') { reader.SkipLine(); continue; }

            int line = reader.Line;
            if (c == '[')
            {
                if (TryParseSectionHeader(reader, out var s, out var sub))
                {
                    section = s;
                    subsection = sub;
                    config.AddSection(s, sub);
                    // A variable may follow the header on the same line: "[core] bare = false".
                    continue;
                }
                config.Errors.Add((line, "malformed section header"));
                section = null;
                reader.SkipLine();
                continue;
            }

            var name = ReadName(reader);
            if (name.Length == 0 || !char.IsAsciiLetter(name[0]))
            {
                config.Errors.Add((line, "expected a variable name"));
                reader.SkipLine();
                continue;
            }
            if (section is null)
            {
                config.Errors.Add((line, $"variable '{name}' outside of any section"));
                reader.SkipLine();
                continue;
            }

            reader.SkipWhitespace();
            if (reader.AtEnd || reader.Peek == '\n' || reader.Peek is '#' or ';')
            {
                // "name" alone means boolean true; stored as null to keep "no value" distinct from "".
                config.Add(section, subsection, name, null);
                reader.SkipLine();
                continue;
            }
            if (reader.Peek != '=')
            {
                config.Errors.Add((line, $"expected '=' after '{name}'"));
                reader.SkipLine();
                continue;
            }
            reader.Advance();
            if (TryReadValue(reader, out var value))
                config.Add(section, subsection, name, value);
            else
            {
                config.Errors.Add((line, $"bad value for '{name}' (unterminated quote or bad escape)"));
                reader.SkipLine();
            }
        }
        return config;
    }

    private static bool TryParseSectionHeader(Cursor reader, out string section, out string? subsection)
    {
        section = "";
        subsection = null;
        reader.Advance(); // '['
        var name = new StringBuilder();
        while (!reader.AtEnd && (char.IsAsciiLetterOrDigit(reader.Peek) || reader.Peek is '-' or '.'))
        {
            name.Append(reader.Peek);
            reader.Advance();
        }
        if (name.Length == 0 || reader.AtEnd) return false;

        if (reader.Peek == ']')
        {
            reader.Advance();
            var full = name.ToString();
            int dot = full.IndexOf('.');
            if (dot < 0) { section = full; return true; }
            // Legacy "[section.Sub]": git lower-cases the subsection in this form.
            section = full[..dot];
            subsection = full[(dot + 1)..].ToLowerInvariant();
            return section.Length > 0 && subsection.Length > 0;
        }

        if (reader.Peek is not (' ' or '\t')) return false;
        reader.SkipWhitespace();
        if (reader.AtEnd || reader.Peek != '"') return false;
        reader.Advance();
        var sub = new StringBuilder();
        while (true)
        {
            if (reader.AtEnd || reader.Peek == '\n') return false;
            char ch = reader.Peek;
            reader.Advance();
            if (ch == '"') break;
            if (ch == '\\')
            {
                // In subsections git keeps the escaped character literally (\" → ", \\ → \, \x → x).
                if (reader.AtEnd || reader.Peek == '\n') return false;
                ch = reader.Peek;
                reader.Advance();
            }
            sub.Append(ch);
        }
        if (reader.AtEnd || reader.Peek != ']') return false;
        reader.Advance();
        section = name.ToString();
        if (section.Contains('.')) return false;
        subsection = sub.ToString();
        return true;
    }

    private static string ReadName(Cursor reader)
    {
        var name = new StringBuilder();
        while (!reader.AtEnd && (char.IsAsciiLetterOrDigit(reader.Peek) || reader.Peek == '-'))
        {
            name.Append(reader.Peek);
            reader.Advance();
        }
        return name.ToString();
    }

    private static bool TryReadValue(Cursor reader, out string value)
    {
        var result = new StringBuilder();
        bool quoted = false;
        // Whitespace is kept only between non-space characters: leading/trailing unquoted space is dropped.
        int pendingSpaces = 0;
        bool seenContent = false;
        value = "";

        while (!reader.AtEnd)
        {
            char c = reader.Peek;
            if (c == '\n')
            {
                if (quoted) return false;
                break;
            }
            reader.Advance();
            if (!quoted && c is '#' or ';')
            {
                reader.SkipLine();
                break;
            }
            if (!quoted && c is ' ' or '\t' or '\r')
            {
                if (c == '\r' && (reader.AtEnd || reader.Peek == '\n')) continue; // CRLF files
                if (seenContent) pendingSpaces++;
                continue;
            }
            if (pendingSpaces > 0)
            {
                result.Append(' ', pendingSpaces);
                pendingSpaces = 0;
            }
            if (c == '"')
            {
                quoted = !quoted;
                seenContent = true;
                continue;
            }
            if (c == '\\')
            {
                if (reader.AtEnd) return false;
                char e = reader.Peek;
                reader.Advance();
                switch (e)
                {
                    case '\n': continue; // line continuation
                    case '\r' when !reader.AtEnd && reader.Peek == '\n': reader.Advance(); continue;
                    case 'n': result.Append('\n'); break;
                    case 't': result.Append('\t'); break;
                    case 'b': result.Append('\b'); break;
                    case '"': result.Append('"'); break;
                    case '\\': result.Append('\\'); break;
                    default: return false;
                }
                seenContent = true;
                continue;
            }
            result.Append(c);
            seenContent = true;
        }
        if (quoted) return false;
        value = result.ToString();
        return true;
    }

    /// <summary>Character cursor tracking the line number for error messages.</summary>
    private sealed class Cursor(string text)
    {
        private int _position;
        public int Line { get; private set; } = 1;
        public bool AtEnd => _position >= text.Length;
        public char Peek => text[_position];

        public void Advance()
        {
            if (text[_position] == '\n') Line++;
            _position++;
        }

        public void SkipWhitespace()
        {
            while (!AtEnd && Peek is ' ' or '\t' or '\r') Advance();
        }

        public void SkipLine()
        {
            while (!AtEnd && Peek != '\n') Advance();
            if (!AtEnd) Advance();
        }
    }
}
