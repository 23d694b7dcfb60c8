using System.Globalization;
using System.Text;

namespace FlowForge.Toml.Parsing;

/// <summary>
/// String scanning: basic and literal strings, single- and multi-line, escapes, and bare keys.
/// A string without escapes or CRLF is decoded straight from the source; otherwise its pieces are gathered in a
/// reused scratch buffer, so no per-character allocation happens in either case.
/// </summary>
internal ref partial struct TomlParser
{
    /// <summary>
    /// Reads string content; the cursor is just after the opening quote(s) and <paramref name="start"/> is the offset of
    /// the first opening quote. <paramref name="quote"/> is <c>"</c> (basic: escapes) or <c>'</c> (literal: none).
    /// </summary>
    private string ReadString(int start, byte quote, bool multiline)
    {
        bool basic = quote == '"';
        var plain = basic ? TomlChars.BasicStringPlain : TomlChars.LiteralStringPlain;
        int segmentStart = _pos;
        int length = 0;
        bool buffered = false;
        while (true)
        {
            int k = _src.Slice(_pos).IndexOfAnyExcept(plain);
            if (k < 0)
            {
                _pos = _src.Length;
                throw Unterminated(start, quote, multiline);
            }

            _pos += k;
            byte b = _src[_pos];
            if (b == quote)
            {
                if (!multiline)
                {
                    string value = Finish(segmentStart, _pos, buffered, length);
                    _pos++;
                    return value;
                }

                int quotes = 1;
                while (_pos + quotes < _src.Length && _src[_pos + quotes] == quote)
                {
                    quotes++;
                }

                if (quotes < 3)
                {
                    _pos += quotes;
                    continue;
                }

                if (quotes > 5)
                {
                    throw Fail(TomlDiagnosticCodes.UnterminatedString, "Too many quotes: a multi-line string can end with at most two quotes before the closing three; escape the others (\\\" ) or use a basic string.", _pos + 5);
                }

                // Up to two quotes right before the closing delimiter belong to the content.
                int end = _pos + quotes - 3;
                string result = Finish(segmentStart, end, buffered, length);
                _pos += quotes;
                return result;
            }

            if (b == '\\' && basic)
            {
                length = Flush(segmentStart, _pos, length);
                buffered = true;
                length = ReadEscape(start, multiline, length);
                segmentStart = _pos;
                continue;
            }

            if (b == '\n')
            {
                if (!multiline)
                {
                    throw Unterminated(start, quote, multiline);
                }

                _pos++;
                NewLine();
                continue;
            }

            if (b == '\r' && _pos + 1 < _src.Length && _src[_pos + 1] == '\n')
            {
                if (!multiline)
                {
                    throw Unterminated(start, quote, multiline);
                }

                // CRLF becomes LF so that a value does not depend on how the file was checked out.
                length = Flush(segmentStart, _pos, length);
                buffered = true;
                length = Append((byte)'\n', length);
                _pos += 2;
                NewLine();
                segmentStart = _pos;
                continue;
            }

            if (b >= 0x80)
            {
                ConsumeUtf8Char();
                continue;
            }

            string hint = basic ? string.Create(CultureInfo.InvariantCulture, $"; write it as the escape \\u{b:X4}") : "; use a basic \"string\" with an escape instead";
            throw Fail(TomlDiagnosticCodes.ControlCharacter, $"A {DescribeControl(b)} is not allowed in a string{hint}.", _pos);
        }
    }

    /// <summary>Decodes the escape at the cursor into the scratch buffer; returns the new buffer length.</summary>
    private int ReadEscape(int stringStart, bool multiline, int length)
    {
        int escape = _pos;
        if (_pos + 1 >= _src.Length)
        {
            _pos = _src.Length;
            throw Unterminated(stringStart, (byte)'"', multiline);
        }

        byte e = _src[_pos + 1];
        byte simple = e switch
        {
            (byte)'b' => 0x08,
            (byte)'t' => 0x09,
            (byte)'n' => 0x0A,
            (byte)'f' => 0x0C,
            (byte)'r' => 0x0D,
            (byte)'"' => (byte)'"',
            (byte)'\\' => (byte)'\\',
            _ => 0,
        };
        if (simple != 0)
        {
            _pos += 2;
            return Append(simple, length);
        }

        if (e == 'u' || e == 'U')
        {
            int digits = e == 'u' ? 4 : 8;
            int value = 0;
            for (int i = 0; i < digits; i++)
            {
                int at = _pos + 2 + i;
                int h = at < _src.Length ? TomlChars.HexValue(_src[at]) : -1;
                if (h < 0)
                {
                    throw Fail(TomlDiagnosticCodes.InvalidEscape, $"\\{(char)e} must be followed by exactly {digits} hexadecimal digits.", escape, 2 + i);
                }

                value = (value << 4) | h;
            }

            // value < 0 catches \U with the top bit set (more than 0x7FFFFFFF) after the shifts.
            if (value < 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
            {
                throw Fail(TomlDiagnosticCodes.InvalidEscape, $"\\{(char)e}{Encoding.ASCII.GetString(_src.Slice(_pos + 2, digits))} is not a Unicode scalar value (surrogates D800-DFFF and values above 10FFFF are not allowed).", escape, 2 + digits);
            }

            _pos += 2 + digits;
            EnsureScratch(length + 4);
            return length + new Rune(value).EncodeToUtf8(_scratch.AsSpan(length));
        }

        if (multiline && (e == ' ' || e == '\t' || e == '\n' || e == '\r'))
        {
            // A line-ending backslash trims the newline and all whitespace up to the next non-whitespace character.
            int p = _pos + 1;
            while (p < _src.Length && (_src[p] == ' ' || _src[p] == '\t'))
            {
                p++;
            }

            if (p < _src.Length && (_src[p] == '\n' || (_src[p] == '\r' && p + 1 < _src.Length && _src[p + 1] == '\n')))
            {
                _pos = p;
                while (_pos < _src.Length)
                {
                    byte c = _src[_pos];
                    if (c == ' ' || c == '\t')
                    {
                        _pos++;
                    }
                    else if (!TryConsumeNewline())
                    {
                        break;
                    }
                }

                return length;
            }

            throw Fail(TomlDiagnosticCodes.InvalidEscape, "A backslash followed by whitespace must end the line (line-ending backslash); remove the text after it or write \\\\ for a backslash.", escape, 2);
        }

        string shown = e >= 0x20 && e < 0x7F ? ((char)e).ToString() : string.Create(CultureInfo.InvariantCulture, $"(0x{e:X2})");
        throw Fail(TomlDiagnosticCodes.InvalidEscape, $"Unknown escape sequence '\\{shown}'; TOML 1.0 supports \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX and \\UXXXXXXXX. Write \\\\ for a backslash, or use a 'literal string'.", escape, 2);
    }

    private void SkipNewlineAfterOpeningQuotes()
    {
        // A newline right after the opening delimiter is trimmed, so content can start on the next line.
        if (Current == '\n' || (Current == '\r' && _pos + 1 < _src.Length && _src[_pos + 1] == '\n'))
        {
            TryConsumeNewline();
        }
    }

    private readonly TomlParseAbortedException Unterminated(int start, byte quote, bool multiline)
    {
        string kind = quote == '"' ? "basic" : "literal";
        string delimiter = quote == '"' ? "\"" : "'";
        string message = multiline
            ? $"The multi-line {kind} string opened at {PositionAt(start)} is not closed; add {delimiter}{delimiter}{delimiter}."
            : $"The {kind} string opened at {PositionAt(start)} is not closed on its line; add the closing {delimiter} (strings that span lines need {delimiter}{delimiter}{delimiter}).";
        return Fail(TomlDiagnosticCodes.UnterminatedString, message, start, multiline ? 3 : 1);
    }

    private string Finish(int segmentStart, int end, bool buffered, int length)
    {
        if (!buffered)
        {
            return segmentStart == end ? string.Empty : Encoding.UTF8.GetString(_src.Slice(segmentStart, end - segmentStart));
        }

        int total = Flush(segmentStart, end, length);
        return Encoding.UTF8.GetString(_scratch, 0, total);
    }

    /// <summary>Copies source bytes <c>[from, to)</c> to the scratch buffer at <paramref name="length"/>; returns the new length.</summary>
    private int Flush(int from, int to, int length)
    {
        int count = to - from;
        if (count > 0)
        {
            EnsureScratch(length + count);
            _src.Slice(from, count).CopyTo(_scratch.AsSpan(length));
        }

        return length + count;
    }

    private int Append(byte value, int length)
    {
        EnsureScratch(length + 1);
        _scratch[length] = value;
        return length + 1;
    }

    private void EnsureScratch(int size)
    {
        if (_scratch.Length < size)
        {
            var bigger = new byte[Math.Max(size, Math.Max(256, _scratch.Length * 2))];
            _scratch.CopyTo(bigger, 0);
            _scratch = bigger;
        }
    }

    /// <summary>
    /// Returns the string of a bare key, reusing the previous instance of the same key: documents repeat the same
    /// few keys in every table of an array, and sharing them saves most key allocations. Bare keys are ASCII by
    /// definition, so the Latin-1 conversion is exact and a byte/char comparison is enough.
    /// </summary>
    private string BareKey(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > 32)
        {
            return Encoding.Latin1.GetString(bytes);
        }

        uint hash = 2166136261;
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 16777619;
        }

        _keyCache ??= new string?[KeyCacheSize];
        ref string? slot = ref _keyCache[hash & (KeyCacheSize - 1)];
        if (slot is { } cached && cached.Length == bytes.Length)
        {
            int i = 0;
            while (i < bytes.Length && cached[i] == bytes[i])
            {
                i++;
            }

            if (i == bytes.Length)
            {
                return cached;
            }
        }

        string created = Encoding.Latin1.GetString(bytes);
        slot = created;
        return created;
    }
}
