using System.Buffers;

namespace FlowForge.Chunking.CSharp;

/// <summary>
/// A structural C# lexer over UTF-8 bytes (every character that matters to structure is ASCII, so no
/// decoding). It produces the tokens outside trivia and turns every literal into one token, so braces
/// inside strings, characters and comments never count. It understands regular, verbatim (<c>@"…"</c>),
/// raw (<c>"""…"""</c>, multi-line), interpolated (<c>$"…{expr}…"</c>, <c>$@</c>/<c>@$</c>) and
/// interpolated raw (<c>$$"""…{{expr}}…"""</c>) strings, with holes scanned as code: nested strings, braces
/// and comments inside a hole are handled recursively.
/// <para>
/// Preprocessor lines (<c>#if</c>, <c>#region</c>, …) are trivia, but the code in every branch of an
/// <c>#if</c> is lexed as code. That is deliberate: chunking must not depend on which symbols a build defines
/// (one file, one set of chunks), and C# requires every branch to be well-formed on its own for the common
/// case of whole members inside <c>#if</c>. A file whose branches each open a brace closed after
/// <c>#endif</c> is unbalanced under this rule; it is reported as malformed and chunked coarser.
/// </para>
/// </summary>
internal ref struct CSharpLexer
{
    // Vectorized scans for the long runs (indentation, identifiers, string bodies): ~2× faster than byte loops.
    private static readonly SearchValues<byte> Blanks = SearchValues.Create(" \t\r"u8);
    private static readonly SearchValues<byte> IdentifierBytes = SearchValues.Create(CreateIdentifierBytes());
    private static readonly SearchValues<byte> RegularStringStops = SearchValues.Create("\\\"\n"u8);

    private static byte[] CreateIdentifierBytes()
    {
        var bytes = new List<byte>();
        for (int b = 0; b < 256; b++)
            if (IsIdentifierPart((byte)b)) bytes.Add((byte)b);
        return bytes.ToArray();
    }

    private readonly ReadOnlySpan<byte> _s;
    private int _pos;
    private readonly List<CSharpToken> _tokens;

    /// <summary>The first byte offset where the lexer lost its way (unterminated literal or comment), or -1.</summary>
    public int MalformedAt { get; private set; }

    public CSharpLexer(ReadOnlySpan<byte> source, List<CSharpToken> tokens)
    {
        _s = source;
        _pos = 0;
        _tokens = tokens;
        MalformedAt = -1;
    }

    public void Run()
    {
        var s = _s;
        int n = s.Length;
        if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) _pos = 3;
        bool lineStart = true;
        while (_pos < n)
        {
            byte c = s[_pos];
            switch (c)
            {
                case (byte)'\n':
                    lineStart = true;
                    _pos++;
                    continue;
                case (byte)' ' or (byte)'\t' or (byte)'\r':
                    int blanks = s[_pos..].IndexOfAnyExcept(Blanks);
                    _pos = blanks < 0 ? n : _pos + blanks;
                    continue;
                case (byte)'\f' or (byte)'\v':
                    _pos++;
                    continue;
                case (byte)'#' when lineStart:
                    SkipToEndOfLine();
                    continue;
                case (byte)'/' when _pos + 1 < n && s[_pos + 1] == '/':
                    SkipToEndOfLine();
                    continue;
                case (byte)'/' when _pos + 1 < n && s[_pos + 1] == '*':
                    SkipBlockComment();
                    continue;
            }
            lineStart = false;
            LexToken(c);
        }
    }

    private void LexToken(byte c)
    {
        var s = _s;
        int start = _pos;
        if (IsIdentifierStart(c) || (c == '@' && _pos + 1 < s.Length && IsIdentifierStart(s[_pos + 1])))
        {
            _pos++;
            int length = s[_pos..].IndexOfAnyExcept(IdentifierBytes);
            _pos = length < 0 ? s.Length : _pos + length;
            _tokens.Add(new CSharpToken(start, _pos, CSharpTokenKind.Identifier));
            return;
        }
        if (c is >= (byte)'0' and <= (byte)'9')
        {
            _pos++;
            while (_pos < s.Length && (IsIdentifierPart(s[_pos]) || (s[_pos] == '.' && _pos + 1 < s.Length && s[_pos + 1] is >= (byte)'0' and <= (byte)'9')))
                _pos++;
            _tokens.Add(new CSharpToken(start, _pos, CSharpTokenKind.Literal));
            return;
        }
        if (TrySkipLiteral())
        {
            // An escape at the very end can step past the content; literals end at the content's end at most.
            if (_pos > s.Length) { Malformed(); _pos = s.Length; }
            _tokens.Add(new CSharpToken(start, _pos, CSharpTokenKind.Literal));
            return;
        }
        byte next = _pos + 1 < s.Length ? s[_pos + 1] : (byte)0;
        if (c == '=')
        {
            if (next == '>') { _pos += 2; _tokens.Add(new CSharpToken(start, _pos, CSharpTokenKind.Arrow)); return; }
            if (next == '=') { _pos += 2; _tokens.Add(new CSharpToken(start, _pos, CSharpTokenKind.Other)); return; }
            _pos++;
            _tokens.Add(new CSharpToken(start, _pos, CSharpTokenKind.Assign));
            return;
        }
        // Comparison and compound assignment (<=, +=, ??=, …): one token, so a lone '=' really is an initializer.
        if (next == '=' && c is (byte)'<' or (byte)'>' or (byte)'!' or (byte)'+' or (byte)'-' or (byte)'*' or (byte)'/'
                or (byte)'%' or (byte)'&' or (byte)'|' or (byte)'^' or (byte)'?')
        {
            _pos += 2;
            _tokens.Add(new CSharpToken(start, _pos, CSharpTokenKind.Other));
            return;
        }
        _pos++;
        _tokens.Add(c < 0x80
            ? new CSharpToken(start, _pos, CSharpTokenKind.Punctuation, c)
            : new CSharpToken(start, _pos, CSharpTokenKind.Other));
    }

    internal static bool IsIdentifierStart(byte c) =>
        c is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or (byte)'_' || c >= 0x80;

    internal static bool IsIdentifierPart(byte c) =>
        c is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'_' || c >= 0x80;

    private void SkipToEndOfLine()
    {
        int nl = _s[_pos..].IndexOf((byte)'\n');
        _pos = nl < 0 ? _s.Length : _pos + nl;
    }

    private void SkipBlockComment()
    {
        int end = _s[(_pos + 2)..].IndexOf("*/"u8);
        if (end < 0) { Malformed(); _pos = _s.Length; }
        else _pos += 2 + end + 2;
    }

    private void Malformed()
    {
        if (MalformedAt < 0) MalformedAt = _pos;
    }

    /// <summary>If a string or character literal starts at the current position, skips it and returns true.</summary>
    private bool TrySkipLiteral()
    {
        var s = _s;
        int n = s.Length;
        byte c = s[_pos];
        if (c == '\'') { SkipCharLiteral(); return true; }
        if (c == '"')
        {
            int quotes = CountRun(_pos, (byte)'"');
            if (quotes >= 3) SkipRaw(quotes, dollars: 0);
            else SkipRegular();
            return true;
        }
        if (c == '@' && _pos + 1 < n)
        {
            if (s[_pos + 1] == '"') { _pos += 2; SkipVerbatim(interpolated: false); return true; }
            if (s[_pos + 1] == '$' && _pos + 2 < n && s[_pos + 2] == '"') { _pos += 3; SkipVerbatim(interpolated: true); return true; }
            return false;
        }
        if (c == '$')
        {
            int dollars = CountRun(_pos, (byte)'$');
            int at = _pos + dollars;
            if (at < n && s[at] == '@' && at + 1 < n && s[at + 1] == '"')
            {
                _pos = at + 2;
                SkipVerbatim(interpolated: true);
                return true;
            }
            if (at < n && s[at] == '"')
            {
                int quotes = CountRun(at, (byte)'"');
                _pos = at;
                if (quotes >= 3) SkipRaw(quotes, dollars);
                else SkipInterpolated();
                return true;
            }
        }
        return false;
    }

    private int CountRun(int at, byte b)
    {
        int i = at;
        while (i < _s.Length && _s[i] == b) i++;
        return i - at;
    }

    private void SkipCharLiteral()
    {
        var s = _s;
        _pos++;
        if (_pos < s.Length && s[_pos] == '\\') _pos += 2;
        while (_pos < s.Length && s[_pos] != '\'' && s[_pos] != '\n') _pos++;
        if (_pos < s.Length && s[_pos] == '\'') _pos++;
        else Malformed();
    }

    /// <summary>"…" with backslash escapes; ends at the line end when unterminated, to keep damage local.</summary>
    private void SkipRegular()
    {
        var s = _s;
        _pos++;
        while (_pos < s.Length)
        {
            int stop = s[_pos..].IndexOfAny(RegularStringStops);
            if (stop < 0) break;
            _pos += stop;
            byte c = s[_pos];
            if (c == '\\') { _pos += 2; continue; }
            if (c == '"') { _pos++; return; }
            Malformed(); // a newline: unterminated, stop here to keep the damage to one line
            return;
        }
        Malformed();
        _pos = s.Length;
    }

    /// <summary>After @" or $@": "" escapes a quote; {{ escapes a brace when interpolated; newlines allowed.</summary>
    private void SkipVerbatim(bool interpolated)
    {
        var s = _s;
        while (_pos < s.Length)
        {
            byte c = s[_pos];
            if (c == '"')
            {
                if (_pos + 1 < s.Length && s[_pos + 1] == '"') { _pos += 2; continue; }
                _pos++;
                return;
            }
            if (interpolated && c == '{')
            {
                if (_pos + 1 < s.Length && s[_pos + 1] == '{') { _pos += 2; continue; }
                _pos++;
                SkipHole(closingBraces: 1);
                continue;
            }
            _pos++;
        }
        Malformed();
    }

    /// <summary>$"…": backslash escapes, {{ and }} escape braces, {expr[,align][:format]} holes.</summary>
    private void SkipInterpolated()
    {
        var s = _s;
        _pos++;
        while (_pos < s.Length)
        {
            byte c = s[_pos];
            if (c == '\\') { _pos += 2; continue; }
            if (c == '"') { _pos++; return; }
            if (c == '\n') { Malformed(); return; }
            if (c == '{')
            {
                if (_pos + 1 < s.Length && s[_pos + 1] == '{') { _pos += 2; continue; }
                _pos++;
                SkipHole(closingBraces: 1);
                continue;
            }
            _pos++;
        }
        Malformed();
        _pos = Math.Min(_pos, s.Length);
    }

    /// <summary>
    /// Raw string with <paramref name="quotes"/> delimiting quotes; with <paramref name="dollars"/> &gt; 0, a run of
    /// at least that many braces opens a hole (the extra leading braces are content) and the hole closes with
    /// that many braces.
    /// </summary>
    private void SkipRaw(int quotes, int dollars)
    {
        var s = _s;
        _pos += quotes;
        while (_pos < s.Length)
        {
            byte c = s[_pos];
            if (c == '"')
            {
                int run = CountRun(_pos, (byte)'"');
                _pos += run;
                if (run >= quotes) return;
                continue;
            }
            if (dollars > 0 && c == '{')
            {
                int run = CountRun(_pos, (byte)'{');
                _pos += run;
                if (run >= dollars) SkipHole(dollars);
                continue;
            }
            _pos++;
        }
        Malformed();
    }

    /// <summary>
    /// Skips the code of an interpolation hole and its closing braces. Nested literals and comments are skipped
    /// recursively, brackets are counted, and a ':' at depth 0 (not '::') starts the format specifier, which runs
    /// to the next '}'.
    /// </summary>
    private void SkipHole(int closingBraces)
    {
        var s = _s;
        int depth = 0;
        while (_pos < s.Length)
        {
            byte c = s[_pos];
            if (c == '/' && _pos + 1 < s.Length && s[_pos + 1] == '/') { SkipToEndOfLine(); continue; }
            if (c == '/' && _pos + 1 < s.Length && s[_pos + 1] == '*') { SkipBlockComment(); continue; }
            if (c is (byte)'"' or (byte)'\'' or (byte)'@' or (byte)'$')
            {
                if (TrySkipLiteral()) continue;
                _pos++;
                continue;
            }
            if (c is (byte)'{' or (byte)'(' or (byte)'[') { depth++; _pos++; continue; }
            if (c is (byte)')' or (byte)']') { if (depth > 0) depth--; _pos++; continue; }
            if (c == '}')
            {
                if (depth > 0) { depth--; _pos++; continue; }
                break;
            }
            if (c == ':' && depth == 0)
            {
                bool doubleColon = (_pos + 1 < s.Length && s[_pos + 1] == ':') || (_pos > 0 && s[_pos - 1] == ':');
                if (!doubleColon)
                {
                    int close = s[_pos..].IndexOf((byte)'}');
                    _pos = close < 0 ? s.Length : _pos + close;
                    break;
                }
            }
            _pos++;
        }
        for (int i = 0; i < closingBraces && _pos < s.Length && s[_pos] == '}'; i++) _pos++;
        if (_pos >= s.Length) Malformed();
    }
}
