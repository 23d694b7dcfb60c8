namespace FlowForge.Toml.Parsing;

/// <summary>
/// The four date/time kinds of TOML (RFC 3339): offset date-time, local date-time, local date and local time.
/// Values are checked for existence (Feb 30, hour 24, offset minutes) and not only for shape.
/// </summary>
internal ref partial struct TomlParser
{
    private object ParseDateOrDateTime()
    {
        int start = _pos;
        int year = ReadFixedDigits(4, start);
        ExpectDateTimeChar((byte)'-', start);
        int month = ReadFixedDigits(2, start);
        ExpectDateTimeChar((byte)'-', start);
        int day = ReadFixedDigits(2, start);
        if (month < 1 || month > 12)
        {
            throw Fail(TomlDiagnosticCodes.InvalidDateTime, $"Month {month:D2} does not exist; months are 01 to 12.", start, 10);
        }

        if (year < 1)
        {
            throw Fail(TomlDiagnosticCodes.InvalidDateTime, "Year 0000 is not supported; the earliest date is 0001-01-01.", start, 10);
        }

        if (day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            throw Fail(TomlDiagnosticCodes.InvalidDateTime, $"{year:D4}-{month:D2} has no day {day:D2}.", start, 10);
        }

        // 'T', 't' or a space followed by a digit starts the time; a space followed by anything else ends the date.
        byte separator = Current;
        bool hasTime = separator == 'T' || separator == 't' || (separator == ' ' && _pos + 1 < _src.Length && TomlChars.IsDigit(_src[_pos + 1]));
        if (!hasTime)
        {
            return new TomlLocalDate(new DateOnly(year, month, day));
        }

        _pos++;
        long timeTicks = ReadTime(start, out int fractionDigits);
        var local = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified).AddTicks(timeTicks);

        byte zone = Current;
        if (zone == 'Z' || zone == 'z')
        {
            _pos++;
            return new TomlOffsetDateTime(new DateTimeOffset(local, TimeSpan.Zero), fractionDigits, IsZulu: true);
        }

        if (zone == '+' || zone == '-')
        {
            _pos++;
            int offsetHours = ReadFixedDigits(2, start);
            ExpectDateTimeChar((byte)':', start);
            int offsetMinutes = ReadFixedDigits(2, start);
            if (offsetHours > 23 || offsetMinutes > 59)
            {
                throw Fail(TomlDiagnosticCodes.InvalidDateTime, $"The offset {(char)zone}{offsetHours:D2}:{offsetMinutes:D2} does not exist; hours are 00-23 and minutes 00-59.", start, _pos - start);
            }

            var offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (zone == '-')
            {
                offset = -offset;
            }

            long utcTicks = local.Ticks - offset.Ticks;
            if (offset.Duration() > TimeSpan.FromHours(14) || utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
            {
                throw Fail(TomlDiagnosticCodes.InvalidDateTime, "The date-time is outside the supported range (offsets up to ±14:00, instants from 0001-01-01 to 9999-12-31 UTC).", start, _pos - start);
            }

            return new TomlOffsetDateTime(new DateTimeOffset(local, offset), fractionDigits);
        }

        return new TomlLocalDateTime(local, fractionDigits);
    }

    private object ParseLocalTime()
    {
        int start = _pos;
        long ticks = ReadTime(start, out int fractionDigits);
        return new TomlLocalTime(new TimeOnly(ticks), fractionDigits);
    }

    /// <summary>Reads <c>HH:mm:ss[.fraction]</c> and returns the time of day in ticks (fraction truncated to 100 ns).</summary>
    private long ReadTime(int start, out int fractionDigits)
    {
        int hour = ReadFixedDigits(2, start);
        ExpectDateTimeChar((byte)':', start);
        int minute = ReadFixedDigits(2, start);
        ExpectDateTimeChar((byte)':', start);
        int second = ReadFixedDigits(2, start);
        if (hour > 23 || minute > 59 || second > 59)
        {
            throw Fail(TomlDiagnosticCodes.InvalidDateTime, $"The time {hour:D2}:{minute:D2}:{second:D2} does not exist; hours are 00-23, minutes and seconds 00-59.", start, _pos - start);
        }

        long ticks = (hour * TimeSpan.TicksPerHour) + (minute * TimeSpan.TicksPerMinute) + (second * TimeSpan.TicksPerSecond);
        fractionDigits = 0;
        if (Current == '.')
        {
            _pos++;
            long fraction = 0;
            while (_pos < _src.Length && TomlChars.IsDigit(_src[_pos]))
            {
                if (fractionDigits < TomlDateTimeText.MaxFractionDigits)
                {
                    fraction = (fraction * 10) + (_src[_pos] - '0');
                }

                fractionDigits++;
                _pos++;
            }

            if (fractionDigits == 0)
            {
                throw Fail(TomlDiagnosticCodes.InvalidDateTime, "A '.' in a time must be followed by fraction digits (as in 07:32:00.5).", start, _pos - start);
            }

            for (int d = fractionDigits; d < TomlDateTimeText.MaxFractionDigits; d++)
            {
                fraction *= 10;
            }

            ticks += fraction;
        }

        return ticks;
    }

    private int ReadFixedDigits(int count, int start)
    {
        int value = 0;
        for (int i = 0; i < count; i++)
        {
            if (_pos >= _src.Length || !TomlChars.IsDigit(_src[_pos]))
            {
                throw MalformedDateTime(start);
            }

            value = (value * 10) + (_src[_pos] - '0');
            _pos++;
        }

        return value;
    }

    private void ExpectDateTimeChar(byte expected, int start)
    {
        if (Current != expected)
        {
            throw MalformedDateTime(start);
        }

        _pos++;
    }

    private readonly TomlParseAbortedException MalformedDateTime(int start)
    {
        int end = start;
        while (end < _src.Length && (TomlChars.IsNumberChar(_src[end]) || _src[end] == ':'))
        {
            end++;
        }

        string text = System.Text.Encoding.ASCII.GetString(_src.Slice(start, end - start));
        return Fail(TomlDiagnosticCodes.InvalidDateTime, $"'{text}' is not a valid date/time; use 1979-05-27, 07:32:00, 1979-05-27T07:32:00 or 1979-05-27T07:32:00Z / -07:00 (two digits everywhere, seconds required).", start, end - start);
    }
}
