using System.Globalization;

namespace FlowForge.Reporting.Rendering;

/// <summary>Human-readable numbers shared by every format.</summary>
public static class Format
{
    public static string Duration(double ms) => ms switch
    {
        < 1000 => ms.ToString("0", CultureInfo.InvariantCulture) + " ms",
        < 60_000 => (ms / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " s",
        _ => $"{(int)(ms / 60_000)} min {(ms % 60_000 / 1000).ToString("0", CultureInfo.InvariantCulture)} s",
    };

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
