using System.Globalization;
using System.Text;

namespace FlowForge.Toml;

/// <summary>Shared formatting for the four TOML date/time kinds (RFC 3339 layouts).</summary>
internal static class TomlDateTimeText
{
    /// <summary>Largest number of fraction digits a <see cref="TimeSpan"/> tick can hold.</summary>
    public const int MaxFractionDigits = 7;

    public static void AppendDate(StringBuilder sb, int year, int month, int day)
    {
        sb.Append(year.ToString("D4", CultureInfo.InvariantCulture)).Append('-')
          .Append(month.ToString("D2", CultureInfo.InvariantCulture)).Append('-')
          .Append(day.ToString("D2", CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Appends <c>HH:mm:ss[.fraction]</c>. <paramref name="fractionDigits"/> is how many digits the source had, so a
    /// value prints as it was written (<c>.600</c> stays <c>.600</c>, <c>.6</c> stays <c>.6</c>) up to tick precision.
    /// </summary>
    public static void AppendTime(StringBuilder sb, long timeOfDayTicks, int fractionDigits)
    {
        var t = new TimeSpan(timeOfDayTicks);
        sb.Append(t.Hours.ToString("D2", CultureInfo.InvariantCulture)).Append(':')
          .Append(t.Minutes.ToString("D2", CultureInfo.InvariantCulture)).Append(':')
          .Append(t.Seconds.ToString("D2", CultureInfo.InvariantCulture));
        long fraction = timeOfDayTicks % TimeSpan.TicksPerSecond;
        int digits = Math.Min(fractionDigits, MaxFractionDigits);
        if (digits == 0 && fraction != 0)
        {
            // Values built in code have no source precision; print what is needed, no more.
            digits = MaxFractionDigits;
            while (digits > 1 && fraction % Pow10(MaxFractionDigits - digits + 1) == 0)
            {
                digits--;
            }
        }

        if (digits > 0)
        {
            long scaled = fraction / Pow10(MaxFractionDigits - digits);
            sb.Append('.').Append(scaled.ToString("D" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        }
    }

    public static void AppendOffset(StringBuilder sb, TimeSpan offset, bool zulu)
    {
        if (zulu && offset == TimeSpan.Zero)
        {
            sb.Append('Z');
            return;
        }

        sb.Append(offset < TimeSpan.Zero ? '-' : '+');
        var abs = offset.Duration();
        sb.Append(abs.Hours.ToString("D2", CultureInfo.InvariantCulture)).Append(':')
          .Append(abs.Minutes.ToString("D2", CultureInfo.InvariantCulture));
    }

    private static long Pow10(int n)
    {
        long r = 1;
        for (int i = 0; i < n; i++)
        {
            r *= 10;
        }

        return r;
    }
}
