using System.Text;

namespace FlowForge.Templates.Syntax;

/// <summary>
/// Splits a template into text and tag tokens. Comments (<c>{# #}</c>) produce nothing. Whitespace control is applied here:
/// <c>{{-</c>/<c>{%-</c>/<c>{#-</c> drop the whitespace before the tag, <c>-}}</c>/<c>-%}</c>/<c>-#}</c> the whitespace after it.
/// A text token's offset is where its kept text starts, so output copied from it maps back character by character.
/// Throws <see cref="TemplateErrorException"/> (FF4001) at the first error.
/// </summary>
internal sealed class Lexer
{
    private readonly string _s;
    private int _pos;
    private readonly List<Token> _tokens = new();
    private bool _trimNextText;

    private Lexer(string text) => _s = text;

    public static List<Token> Tokenize(string text)
    {
        var lexer = new Lexer(text);
        lexer.Run();
        return lexer._tokens;
    }

    private void Run()
    {
        while (_pos < _s.Length)
        {
            int tag = FindTagStart(_pos);
            int textEnd = tag < 0 ? _s.Length : tag;
            bool trimBefore = tag >= 0 && tag + 2 < _s.Length && _s[tag + 2] == '-';
            EmitText(_pos, textEnd, trimBefore);
            if (tag < 0) { _pos = _s.Length; break; }
            char kind = _s[tag + 1];
            _pos = tag + 2 + (trimBefore ? 1 : 0);
            switch (kind)
            {
                case '#': SkipComment(tag); break;
                case '{': LexTag(tag, TokenKind.VariableStart, TokenKind.VariableEnd, '}'); break;
                default: LexTag(tag, TokenKind.BlockStart, TokenKind.BlockEnd, '%'); break;
            }
        }
        _tokens.Add(new Token(TokenKind.End, "", _s.Length, 0));
    }

    private int FindTagStart(int from)
    {
        while (true)
        {
            int i = _s.IndexOf('{', from);
            if (i < 0 || i + 1 >= _s.Length) return -1;
            char c = _s[i + 1];
            if (c is '{' or '%' or '#') return i;
            from = i + 1;
        }
    }

    private void EmitText(int start, int end, bool trimEnd)
    {
        if (_trimNextText) while (start < end && char.IsWhiteSpace(_s[start])) start++;
        _trimNextText = false;
        if (trimEnd) while (end > start && char.IsWhiteSpace(_s[end - 1])) end--;
        if (end > start) _tokens.Add(new Token(TokenKind.Text, _s[start..end], start, end - start));
    }

    private void SkipComment(int tag)
    {
        int close = _s.IndexOf("#}", _pos, StringComparison.Ordinal);
        if (close < 0) throw Error(tag, "This comment is not closed: add '#}'.");
        _trimNextText = close > _pos && _s[close - 1] == '-';
        _pos = close + 2;
    }

    private void LexTag(int tag, TokenKind start, TokenKind end, char closer)
    {
        _tokens.Add(new Token(start, _s.Substring(tag, 2), tag, 2));
        string what = closer == '}' ? "'{{ ... }}'" : "'{% ... %}'";
        // A tag must close before the next tag opens: report the unclosed tag itself, not whatever follows it.
        int close = _s.IndexOf(closer == '}' ? "}}" : "%}", _pos, StringComparison.Ordinal);
        int nextTag = FindTagStart(_pos);
        if (close < 0 || (nextTag >= 0 && nextTag < close))
            throw Error(tag, $"This {what} tag is not closed: add '{closer}}}'.");
        while (true)
        {
            while (_pos < _s.Length && char.IsWhiteSpace(_s[_pos])) _pos++;
            if (_pos >= _s.Length) throw Error(tag, $"This {what} tag is not closed: add '{closer}}}'.");
            char c = _s[_pos];
            // closing delimiter, with optional '-'
            if (c == '-' && Peek(1) == closer && Peek(2) == '}')
            {
                _tokens.Add(new Token(end, "-" + closer + "}", _pos, 3));
                _pos += 3;
                _trimNextText = true;
                return;
            }
            if (c == closer && Peek(1) == '}')
            {
                _tokens.Add(new Token(end, closer + "}", _pos, 2));
                _pos += 2;
                return;
            }
            if ((c == '{' && Peek(1) is '{' or '%') || (c == '%' && Peek(1) == '}' && closer == '}') || (c == '}' && Peek(1) == '}' && closer == '%'))
                throw Error(tag, $"This {what} tag is not closed before '{c}{Peek(1)}': add '{closer}}}'.");
            LexToken();
        }
    }

    private char Peek(int ahead) => _pos + ahead < _s.Length ? _s[_pos + ahead] : '\0';

    private void LexToken()
    {
        int start = _pos;
        char c = _s[_pos];
        if (char.IsLetter(c) || c == '_')
        {
            while (_pos < _s.Length && (char.IsLetterOrDigit(_s[_pos]) || _s[_pos] == '_')) _pos++;
            Add(TokenKind.Identifier, _s[start.._pos], start);
            return;
        }
        if (char.IsAsciiDigit(c))
        {
            while (_pos < _s.Length && (char.IsAsciiDigit(_s[_pos]) || _s[_pos] == '_')) _pos++;
            bool isFloat = false;
            if (_pos + 1 < _s.Length && _s[_pos] == '.' && char.IsAsciiDigit(_s[_pos + 1]))
            {
                isFloat = true;
                _pos++;
                while (_pos < _s.Length && char.IsAsciiDigit(_s[_pos])) _pos++;
            }
            if (_pos < _s.Length && _s[_pos] is 'e' or 'E')
            {
                int save = _pos;
                _pos++;
                if (_pos < _s.Length && _s[_pos] is '+' or '-') _pos++;
                if (_pos < _s.Length && char.IsAsciiDigit(_s[_pos]))
                {
                    isFloat = true;
                    while (_pos < _s.Length && char.IsAsciiDigit(_s[_pos])) _pos++;
                }
                else _pos = save;
            }
            Add(isFloat ? TokenKind.Float : TokenKind.Integer, _s[start.._pos].Replace("_", ""), start);
            return;
        }
        if (c is '"' or '\'')
        {
            LexString(c);
            return;
        }
        _pos++;
        TokenKind kind;
        switch (c)
        {
            case '.': kind = TokenKind.Dot; break;
            case ',': kind = TokenKind.Comma; break;
            case '|': kind = TokenKind.Pipe; break;
            case '(': kind = TokenKind.LParen; break;
            case ')': kind = TokenKind.RParen; break;
            case '[': kind = TokenKind.LBracket; break;
            case ']': kind = TokenKind.RBracket; break;
            case '+': kind = TokenKind.Plus; break;
            case '-': kind = TokenKind.Minus; break;
            case '*': kind = TokenKind.Star; break;
            case '/': kind = TokenKind.Slash; break;
            case '%': kind = TokenKind.Percent; break;
            case '~': kind = TokenKind.Tilde; break;
            case '=' when Peek(0) == '=': _pos++; kind = TokenKind.Eq; break;
            case '!' when Peek(0) == '=': _pos++; kind = TokenKind.Ne; break;
            case '<' when Peek(0) == '=': _pos++; kind = TokenKind.Le; break;
            case '>' when Peek(0) == '=': _pos++; kind = TokenKind.Ge; break;
            case '<': kind = TokenKind.Lt; break;
            case '>': kind = TokenKind.Gt; break;
            case '=': throw Error(start, "'=' is not an operator here; compare with '=='.");
            default: throw Error(start, $"Unexpected character '{c}' in a tag.");
        }
        Add(kind, _s[start.._pos], start);
    }

    private void LexString(char quote)
    {
        int start = _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _s.Length || _s[_pos] == '\n') throw Error(start, $"This string is not closed: add {quote}.");
            char c = _s[_pos++];
            if (c == quote) break;
            if (c != '\\') { sb.Append(c); continue; }
            if (_pos >= _s.Length) throw Error(start, $"This string is not closed: add {quote}.");
            char e = _s[_pos++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case '\\': sb.Append('\\'); break;
                case '"': sb.Append('"'); break;
                case '\'': sb.Append('\''); break;
                default: throw Error(_pos - 2, $"Unknown escape '\\{e}' in a string; use \\n, \\t, \\r, \\\\, \\\" or \\'.");
            }
        }
        _tokens.Add(new Token(TokenKind.String, sb.ToString(), start, _pos - start));
    }

    private void Add(TokenKind kind, string value, int start) => _tokens.Add(new Token(kind, value, start, _pos - start));

    private static TemplateErrorException Error(int offset, string message) => new(TemplateDiagnosticCodes.Syntax, message, offset);
}
