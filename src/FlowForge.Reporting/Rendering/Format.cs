using System.Globalization;

namespace FlowForge.Reporting.Rendering;

/// <summary>Human-readable numbers shared by every format.</summary>
public static class Format
{
    /// <summary>"850 ms", "12.35 s", "2 min 5 s", "1 h 3 min": rounded once, so 119.6 s reads "2 min 0 s", never "1 min 60 s".</summary>
    public static string Duration(double ms)
    {
        if (ms < 0) return "-" + Duration(-ms);
        if (Math.Round(ms) < 1000) return Math.Round(ms).ToString("0", CultureInfo.InvariantCulture) + " ms";
        if (Math.Round(ms / 10) < 6000) return (ms / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " s";
        var seconds = (long)Math.Round(ms / 1000);
        if (seconds < 3600) return $"{seconds / 60} min {seconds % 60} s";
        var minutes = (long)Math.Round(ms / 60_000);
        return $"{minutes / 60} h {minutes % 60} min";
    }

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => bytes + " B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        < 1024L * 1024 * 1024 => (bytes / 1024.0 / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        _ => (bytes / 1024.0 / 1024 / 1024).ToString("0.00", CultureInfo.InvariantCulture) + " GiB",
    };

    public static string Percent(double fraction) => (fraction * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    public static string Signed(double ms) => (ms >= 0 ? "+" : "-") + Duration(Math.Abs(ms));

    public static string Label(string project, string? tfm) => tfm is null ? project : $"{project} ({tfm})";
}
