using System.Globalization;

namespace FlowForge.Config;

/// <summary>
/// Parsers for the value formats of <c>flowforge.toml</c>, public so that tasks reading the MSBuild properties
/// (which a user may also set by hand, e.g. <c>-p:FlowForgeCacheSizeLimit=2GB</c>) accept exactly the same text.
/// </summary>
public static class ConfigValues
{
    private static readonly (string Unit, long Factor)[] SizeUnits =
    [
        ("B", 1),
        ("KB", 1000), ("MB", 1000_000), ("GB", 1000_000_000), ("TB", 1000_000_000_000),
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40),
    ];

    private static readonly (string Unit, double Milliseconds)[] DurationUnits =
    [
        ("ms", 1), ("s", 1000), ("m", 60_000), ("min", 60_000), ("h", 3600_000),
    ];

    /// <summary>The size units, for messages and documentation.</summary>
    public const string SizeUnitsText = "B, KB, MB, GB, TB (powers of 1000) and KiB, MiB, GiB, TiB (powers of 1024)";

    /// <summary>The duration units, for messages and documentation.</summary>
    public const string DurationUnitsText = "ms, s, m (or min), h";

    /// <summary>
    /// Parses a size: a number of bytes (<c>"1048576"</c>) or a number with a unit, case-insensitive and with
    /// optional space (<c>"10GB"</c>, <c>"512 MiB"</c>, <c>"1.5GiB"</c>). KB/MB/GB/TB are decimal (1 GB = 10^9 bytes),
    /// KiB/MiB/GiB/TiB binary. Fractions are rounded down to whole bytes. Negative or overflowing sizes fail.
    /// </summary>
    public static bool TryParseSize(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        int end = 0;
        while (end < s.Length && (char.IsAsciiDigit(s[end]) || s[end] == '.')) end++;
        if (end == 0) return false;
        var numberText = s[..end];
        var unit = s[end..].Trim();
        if (numberText.StartsWith('.') || numberText.EndsWith('.') || numberText.Count(c => c == '.') > 1) return false;
        long factor = 1;
        if (unit.Length > 0)
        {
            var match = SizeUnits.FirstOrDefault(u => string.Equals(u.Unit, unit, StringComparison.OrdinalIgnoreCase));
            if (match.Unit is null) return false;
            factor = match.Factor;
        }
        if (!numberText.Contains('.'))
        {
            if (!long.TryParse(numberText, NumberStyles.None, CultureInfo.InvariantCulture, out var whole)) return false;
            try { bytes = checked(whole * factor); }
            catch (OverflowException) { return false; }
            return true;
        }
        if (!decimal.TryParse(numberText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var fraction)) return false;
        try
        {
            var value = decimal.Floor(fraction * factor);
            if (value > long.MaxValue) return false;
            bytes = (long)value;
        }
        catch (OverflowException) { return false; }
        return true;
    }

    /// <summary>
    /// Parses a duration: a number with a unit (<c>"5s"</c>, <c>"500ms"</c>, <c>"1.5s"</c>, <c>"2m"</c>, <c>"1h"</c>).
    /// With <paramref name="allowBareMilliseconds"/> a plain integer is milliseconds (the form FlowForge writes into
    /// MSBuild properties). Durations must be greater than zero.
    /// </summary>
    public static bool TryParseDuration(string? text, out TimeSpan duration, bool allowBareMilliseconds = false)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        int end = 0;
        while (end < s.Length && (char.IsAsciiDigit(s[end]) || s[end] == '.')) end++;
        if (end == 0) return false;
        var numberText = s[..end];
        var unit = s[end..].Trim();
        if (numberText.StartsWith('.') || numberText.EndsWith('.')) return false;
        if (!double.TryParse(numberText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)) return false;
        double factor;
        if (unit.Length == 0)
        {
            if (!allowBareMilliseconds) return false;
            factor = 1;
        }
        else
        {
            var match = DurationUnits.FirstOrDefault(u => string.Equals(u.Unit, unit, StringComparison.OrdinalIgnoreCase));
            if (match.Unit is null) return false;
            factor = match.Milliseconds;
        }
        var ms = number * factor;
        if (ms <= 0 || ms > TimeSpan.MaxValue.TotalMilliseconds / 2) return false;
        duration = TimeSpan.FromMilliseconds(Math.Round(ms));
        return duration > TimeSpan.Zero;
    }

    /// <summary>Parses an MSBuild-style boolean: <c>true</c>/<c>false</c> (case-insensitive); also <c>on/off</c>, <c>yes/no</c> as MSBuild conditions allow.</summary>
    public static bool TryParseBoolean(string? text, out bool value)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "true" or "on" or "yes":
                value = true;
                return true;
            case "false" or "off" or "no":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>True for an absolute http:// or https:// URL.</summary>
    public static bool IsHttpUrl(string? text, out Uri? uri) =>
        Uri.TryCreate(text?.Trim(), UriKind.Absolute, out uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>Formats a byte count the way a person writes it when it is exact (<c>10GB</c>, <c>1MiB</c>), else as bytes.</summary>
    public static string FormatSize(long bytes)
    {
        foreach (var (unit, factor) in SizeUnits.OrderByDescending(u => u.Factor))
            if (factor > 1 && bytes >= factor && bytes % factor == 0) return (bytes / factor).ToString(CultureInfo.InvariantCulture) + unit;
        return bytes.ToString(CultureInfo.InvariantCulture) + "B";
    }

    /// <summary>Formats a duration as <c>500ms</c>, <c>5s</c>, <c>2m</c>.</summary>
    public static string FormatDuration(TimeSpan duration)
    {
        var ms = (long)duration.TotalMilliseconds;
        if (ms % 3600_000 == 0) return (ms / 3600_000).ToString(CultureInfo.InvariantCulture) + "h";
        if (ms % 60_000 == 0) return (ms / 60_000).ToString(CultureInfo.InvariantCulture) + "m";
        if (ms % 1000 == 0) return (ms / 1000).ToString(CultureInfo.InvariantCulture) + "s";
        return ms.ToString(CultureInfo.InvariantCulture) + "ms";
    }
}
