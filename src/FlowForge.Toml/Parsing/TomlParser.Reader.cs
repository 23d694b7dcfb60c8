using System.Buffers;
using System.Globalization;
using System.Text;

namespace FlowForge.Toml.Parsing;

/// <summary>
/// The cursor of the parser: position and line tracking, whitespace, comments, newlines, UTF-8 validation
/// and the creation of diagnostics.
/// </summary>
internal ref partial struct TomlParser
{
    private readonly ReadOnlySpan<byte> _src;
    private readonly string? _path;
    private readonly TomlParserOptions _options;
    private readonly List<TomlDiagnostic> _diagnostics;
    private readonly List<KeyPart> _keyParts;
    private readonly int _bomLength;
    private const int KeyCacheSize = 512;
    private byte[] _scratch;
    private string?[]? _keyCache;
    private int _pos;
    private int _line;
    private int _lineStart;

    // Bytes minus UTF-16 units of the multi-byte characters already consumed on the current line. Non-ASCII text
    // only occurs in strings and comments, which are consumed in order, so positions of keys and values can be
    // computed in O(1) without rescanning the line.
    private int _lineAdjust;
    private int _errorCount;

    private TomlParser(ReadOnlySpan<byte> src, string? path, TomlParserOptions options)
    {
        _src = src;
        _path = path;
        _options = options;
        _diagnostics = new List<TomlDiagnostic>();
        _keyParts = new List<KeyPart>(8);
        _scratch = Array.Empty<byte>();
        _keyCache = null;
        _bomLength = src.Length >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF ? 3 : 0;
        _pos = _bomLength;
        _line = 1;
        _lineStart = _bomLength;
        _lineAdjust = 0;
        _errorCount = 0;
    }

    private readonly bool AtEnd => _pos >= _src.Length;

    /// <summary>The current byte, or 0 at the end (0 is never valid where callers compare, so it needs no special case).</summary>
    private readonly byte Current => _pos < _src.Length ? _src[_pos] : (byte)0;

    private readonly TomlPosition Here() => new(_pos, _line, _pos - _lineStart + 1 - _lineAdjust);

    /// <summary>Computes the position of any offset; slower than <see cref="Here"/>, used for diagnostics only.</summary>
    private readonly TomlPosition PositionAt(int offset)
    {
        offset = Math.Clamp(offset, _bomLength, _src.Length);
        int line = _line;
        int lineStart = _lineStart;
        if (offset < _lineStart)
        {
            line = 1;
            lineStart = _bomLength;
            for (int i = _bomLength; i < offset; i++)
            {
                if (_src[i] == '\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }
        }
        else
        {
            // The offset may lie past newlines the cursor has not reached yet (never in practice, but stay exact).
            for (int i = _lineStart; i < offset; i++)
            {
                if (_src[i] == '\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }
        }

        int column = 1;
        for (int i = lineStart; i < offset; i++)
        {
            byte b = _src[i];
            if ((b & 0xC0) != 0x80)
            {
                // A 4-byte sequence is a surrogate pair in UTF-16.
                column += b >= 0xF0 ? 2 : 1;
            }
        }

        return new TomlPosition(offset, line, column);
    }

    private void NewLine()
    {
        _line++;
        _lineStart = _pos;
        _lineAdjust = 0;
    }

    private void SkipWhitespace()
    {
        while (_pos < _src.Length)
        {
            byte b = _src[_pos];
            if (b != ' ' && b != '\t')
            {
                return;
            }

            _pos++;
        }
    }

    /// <summary>Consumes LF or CRLF; false when the cursor is not at a newline. A CR without LF is an error.</summary>
    private bool TryConsumeNewline()
    {
        if (_pos >= _src.Length)
        {
            return false;
        }

        byte b = _src[_pos];
        if (b == '\n')
        {
            _pos++;
            NewLine();
            return true;
        }

        if (b == '\r')
        {
            if (_pos + 1 < _src.Length && _src[_pos + 1] == '\n')
            {
                _pos += 2;
                NewLine();
                return true;
            }

            throw Fail(TomlDiagnosticCodes.ControlCharacter, "A carriage return (CR) must be followed by a line feed (LF); save the file with LF or CRLF line endings.", _pos);
        }

        return false;
    }

    /// <summary>Skips a comment from <c>#</c> to the end of the line (the newline itself is left for the caller).</summary>
    private void SkipComment()
    {
        _pos++;
        while (true)
        {
            int k = _src.Slice(_pos).IndexOfAnyExcept(TomlChars.CommentPlain);
            if (k < 0)
            {
                _pos = _src.Length;
                return;
            }

            _pos += k;
            byte b = _src[_pos];
            if (b == '\n' || (b == '\r' && _pos + 1 < _src.Length && _src[_pos + 1] == '\n'))
            {
                return;
            }

            if (b >= 0x80)
            {
                ConsumeUtf8Char();
                continue;
            }

            throw Fail(TomlDiagnosticCodes.ControlCharacter, $"{DescribeControl(b)} is not allowed in a comment; remove it.", _pos);
        }
    }

    /// <summary>Skips whitespace, comments and newlines (inside arrays, where all three may appear between values).</summary>
    private void SkipWhitespaceCommentsAndNewlines()
    {
        while (_pos < _src.Length)
        {
            byte b = _src[_pos];
            if (b == ' ' || b == '\t')
            {
                _pos++;
            }
            else if (b == '\n' || b == '\r')
            {
                TryConsumeNewline();
            }
            else if (b == '#')
            {
                SkipComment();
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>Validates and consumes one multi-byte UTF-8 character at the cursor.</summary>
    private void ConsumeUtf8Char()
    {
        var status = Rune.DecodeFromUtf8(_src.Slice(_pos), out Rune rune, out int consumed);
        if (status != OperationStatus.Done)
        {
            throw Fail(TomlDiagnosticCodes.InvalidEncoding, $"Invalid UTF-8 byte 0x{_src[_pos]:X2}; TOML files must be UTF-8 encoded, save the file as UTF-8.", _pos);
        }

        _pos += consumed;
        _lineAdjust += consumed - rune.Utf16SequenceLength;
    }

    /// <summary>Records a syntax error and returns the exception that stops the parse (callers write <c>throw Fail(...)</c>).</summary>
    private readonly TomlParseAbortedException Fail(string code, string message, int offset, int length = 1)
    {
        int clampedLength = Math.Max(0, Math.Min(length, _src.Length - offset));
        _diagnostics.Add(new TomlDiagnostic(code, message, TomlDiagnosticSeverity.Error, _path, PositionAt(offset), clampedLength));
        return new TomlParseAbortedException();
    }

    /// <summary>A syntax error at an unexpected byte; control characters and bad encodings get their own codes.</summary>
    private readonly TomlParseAbortedException Unexpected(int offset, string code, string expectation)
    {
        if (offset >= _src.Length)
        {
            return Fail(code, $"Unexpected end of file: {expectation}.", offset, 0);
        }

        byte b = _src[offset];
        if (b < 0x80)
        {
            if (b == '\n' || (b == '\r' && offset + 1 < _src.Length && _src[offset + 1] == '\n'))
            {
                return Fail(code, $"Unexpected end of line: {expectation}.", offset);
            }

            if (b < 0x20 || b == 0x7F)
            {
                return Fail(TomlDiagnosticCodes.ControlCharacter, $"Unexpected {DescribeControl(b)}: {expectation}.", offset);
            }

            return Fail(code, $"Unexpected '{(char)b}': {expectation}.", offset);
        }

        if (Rune.DecodeFromUtf8(_src.Slice(offset), out Rune rune, out int consumed) != OperationStatus.Done)
        {
            return Fail(TomlDiagnosticCodes.InvalidEncoding, $"Invalid UTF-8 byte 0x{b:X2}; TOML files must be UTF-8 encoded, save the file as UTF-8.", offset);
        }

        if (rune.Value == 0xFEFF)
        {
            return Fail(TomlDiagnosticCodes.InvalidEncoding, "A byte order mark (U+FEFF) is only allowed at the very start of the file; remove it.", offset, consumed);
        }

        string text = string.Create(CultureInfo.InvariantCulture, $"'{rune}' (U+{rune.Value:X4})");
        return Fail(code, $"Unexpected {text}: {expectation}; non-ASCII text must be inside a quoted string or a comment.", offset, consumed);
    }

    /// <summary>Records a semantic error (duplicate key, redefinition); parsing continues because the syntax is intact.</summary>
    private void Report(string code, string message, TomlPosition position, int length)
    {
        _diagnostics.Add(new TomlDiagnostic(code, message, TomlDiagnosticSeverity.Error, _path, position, length));
        if (++_errorCount >= _options.MaxErrors)
        {
            _diagnostics.Add(new TomlDiagnostic(
                TomlDiagnosticCodes.TooManyErrors,
                $"Stopped after {_errorCount} errors; fix these first.",
                TomlDiagnosticSeverity.Error,
                _path,
                position,
                length));
            throw new TomlParseAbortedException();
        }
    }

    private static string DescribeControl(byte b) => b switch
    {
        (byte)'\r' => "carriage return (U+000D) without line feed",
        (byte)'\n' => "line feed (U+000A)",
        _ => string.Create(CultureInfo.InvariantCulture, $"control character U+{b:X4}"),
    };
}
