using System.Text;

namespace FlowForge.Toml;

/// <summary>A TOML local time such as <c>07:32:00.999</c>.</summary>
/// <param name="Value">The time of day.</param>
/// <param name="FractionDigits">How many fraction-of-second digits the source had (0 when none), kept for round-tripping.</param>
public readonly record struct TomlLocalTime(TimeOnly Value, int FractionDigits = 0)
{
    /// <summary>Formats as <c>HH:mm:ss[.fraction]</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(18);
        TomlDateTimeText.AppendTime(sb, Value.Ticks, FractionDigits);
        return sb.ToString();
    }
}
