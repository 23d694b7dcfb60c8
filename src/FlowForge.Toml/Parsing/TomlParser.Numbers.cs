using System.Globalization;
using System.Text;

namespace FlowForge.Toml.Parsing;

/// <summary>
/// Integers (decimal, 0x, 0o, 0b) and floats (fraction, exponent, inf, nan). The whole token is isolated first and
/// then validated against the grammar, so every malformed spelling is reported once, at the token's start.
/// </summary>
internal ref partial struct TomlParser
{
    private object ParseNumberOrDateTime()
    {
        // Dates start with four digits and '-', times with two digits and ':'; everything else is a number.
        if (_pos + 4 < _src.Length && TomlChars.IsDigit(_src[_pos + 1]) && TomlChars.IsDigit(_src[_pos + 2]) && TomlChars.IsDigit(_src[_pos + 3]) && _src[_pos + 4] == '-')
        {
            return ParseDateOrDateTime();
        }

        if (_pos + 2 < _src.Length && TomlChars.IsDigit(_src[_pos + 1]) && _src[_pos + 2] == ':')
        {
            return ParseLocalTime();
        }

        return ParseNumber();
    }

    private object ParseNumber()
    {
        int start = _pos;
        int end = start;
        while (end < _src.Length && TomlChars.IsNumberChar(_src[end]))
        {
            end++;
        }

        ReadOnlySpan<byte> token = _src.Slice(start, end - start);
        _pos = end;

        int i = 0;
        bool negative = false;
        bool signed = token.Length > 0 && (token[0] == '+' || token[0] == '-');
        if (signed)
        {
            negative = token[0] == '-';
            i = 1;
        }

        ReadOnlySpan<byte> body = token.Slice(i);
        if (body.SequenceEqual("inf"u8))
        {
            return negative ? double.NegativeInfinity : double.PositiveInfinity;
        }

        if (body.SequenceEqual("nan"u8))
        {
            return double.NaN;
        }

        if (body.Length == 0 || !(TomlChars.IsDigit(body[0]) || body[0] == '_' || body[0] == '.'))
        {
            _pos = start;
            throw InvalidValue();
        }

        if (body.Length >= 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'o' || body[1] == 'b'))
        {
            if (signed)
            {
                throw Fail(TomlDiagnosticCodes.InvalidInteger, $"'{Text(token)}': hexadecimal, octal and binary integers cannot have a sign.", start, token.Length);
            }

            int radix = body[1] == 'x' ? 16 : body[1] == 'o' ? 8 : 2;
            return ParseRadixInteger(token, radix, start);
        }

        int p = i;
        if (!ScanDigits(token, ref p, 10))
        {
            bool dot = body[0] == '.';
            throw Fail(dot ? TomlDiagnosticCodes.InvalidFloat : TomlDiagnosticCodes.InvalidInteger, dot ? $"'{Text(token)}': a float needs a digit before '.' (write 0.5, not .5)." : $"'{Text(token)}' is not a valid number: '_' is only allowed between digits.", start, token.Length);
        }

        int integerEnd = p;
        if (token[i] == '0' && integerEnd - i > 1)
        {
            throw Fail(TomlDiagnosticCodes.InvalidInteger, $"'{Text(token)}': leading zeros are not allowed (use 0o for octal).", start, token.Length);
        }

        bool isFloat = false;
        if (p < token.Length && token[p] == '.')
        {
            isFloat = true;
            p++;
            if (!ScanDigits(token, ref p, 10))
            {
                throw Fail(TomlDiagnosticCodes.InvalidFloat, $"'{Text(token)}': a float needs a digit after '.' (write 1.0, not 1.).", start, token.Length);
            }
        }

        if (p < token.Length && (token[p] | 0x20) == 'e')
        {
            isFloat = true;
            p++;
            if (p < token.Length && (token[p] == '+' || token[p] == '-'))
            {
                p++;
            }

            if (!ScanDigits(token, ref p, 10))
            {
                throw Fail(TomlDiagnosticCodes.InvalidFloat, $"'{Text(token)}': the exponent needs digits (as in 1e6 or 2.5E-3).", start, token.Length);
            }
        }

        if (p != token.Length)
        {
            throw Fail(
                isFloat ? TomlDiagnosticCodes.InvalidFloat : TomlDiagnosticCodes.InvalidInteger,
                $"'{Text(token)}' is not a valid number ('_' only between digits, one '.', exponent after the fraction); put text in quotes.",
                start,
                token.Length);
        }

        return isFloat ? ParseFloat(token, start) : ParseDecimalInteger(token, i, negative, start);
    }

    /// <summary>Scans digits with single underscores between them; false when no digit is at <paramref name="p"/>.</summary>
    private static bool ScanDigits(ReadOnlySpan<byte> token, ref int p, int radix)
    {
        if (p >= token.Length || DigitValue(token[p], radix) < 0)
        {
            return false;
        }

        p++;
        while (p < token.Length)
        {
            if (DigitValue(token[p], radix) >= 0)
            {
                p++;
            }
            else if (token[p] == '_' && p + 1 < token.Length && DigitValue(token[p + 1], radix) >= 0)
            {
                p += 2;
            }
            else
            {
                break;
            }
        }

        return true;
    }

    private static int DigitValue(byte b, int radix)
    {
        int v = TomlChars.HexValue(b);
        return v < radix ? v : -1;
    }

    private object ParseDecimalInteger(ReadOnlySpan<byte> token, int digitsStart, bool negative, int start)
    {
        // Accumulate as unsigned so that -9223372036854775808 (one more than long.MaxValue) is representable.
        ulong limit = negative ? 9223372036854775808UL : long.MaxValue;
        ulong value = 0;
        for (int i = digitsStart; i < token.Length; i++)
        {
            byte b = token[i];
            if (b == '_')
            {
                continue;
            }

            uint d = (uint)(b - '0');
            if (value > (limit - d) / 10)
            {
                throw Fail(TomlDiagnosticCodes.IntegerOverflow, $"'{Text(token)}' is outside the 64-bit integer range -9223372036854775808 to 9223372036854775807.", start, token.Length);
            }

            value = (value * 10) + d;
        }

        return negative ? unchecked((long)(0UL - value)) : (long)value;
    }

    private object ParseRadixInteger(ReadOnlySpan<byte> token, int radix, int start)
    {
        int p = 2;
        if (!ScanDigits(token, ref p, radix) || p != token.Length)
        {
            string kind = radix == 16 ? "hexadecimal (0-9, a-f)" : radix == 8 ? "octal (0-7)" : "binary (0-1)";
            throw Fail(TomlDiagnosticCodes.InvalidInteger, $"'{Text(token)}' is not a valid {kind} integer; '_' is only allowed between digits.", start, token.Length);
        }

        ulong value = 0;
        for (int i = 2; i < token.Length; i++)
        {
            if (token[i] == '_')
            {
                continue;
            }

            uint d = (uint)DigitValue(token[i], radix);
            if (value > ((ulong)long.MaxValue - d) / (ulong)radix)
            {
                throw Fail(TomlDiagnosticCodes.IntegerOverflow, $"'{Text(token)}' is larger than the largest 64-bit integer 9223372036854775807.", start, token.Length);
            }

            value = (value * (ulong)radix) + d;
        }

        return (long)value;
    }

    private object ParseFloat(ReadOnlySpan<byte> token, int start)
    {
        // double.TryParse does not accept '_', so copy the token without them (floats are short; stack is fine).
        Span<byte> buffer = token.Length <= 128 ? stackalloc byte[token.Length] : new byte[token.Length];
        int n = 0;
        foreach (byte b in token)
        {
            if (b != '_')
            {
                buffer[n++] = b;
            }
        }

        if (!double.TryParse(buffer.Slice(0, n), NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            throw Fail(TomlDiagnosticCodes.InvalidFloat, $"'{Text(token)}' is not a valid float.", start, token.Length);
        }

        return value;
    }

    private static string Text(ReadOnlySpan<byte> token) => Encoding.UTF8.GetString(token);
}
