using System.Text;

namespace FlowForge.Toml;

/// <summary>A TOML local date-time (no offset) such as <c>1979-05-27T07:32:00</c>.</summary>
/// <param name="Value">The date and time; <see cref="DateTime.Kind"/> is <see cref="DateTimeKind.Unspecified"/>.</param>
/// <param name="FractionDigits">How many fraction-of-second digits the source had (0 when none), kept for round-tripping.</param>
public readonly record struct TomlLocalDateTime(DateTime Value, int FractionDigits = 0)
{
    /// <summary>Formats as <c>yyyy-MM-ddTHH:mm:ss[.fraction]</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(32);
        TomlDateTimeText.AppendDate(sb, Value.Year, Value.Month, Value.Day);
        sb.Append('T');
        TomlDateTimeText.AppendTime(sb, Value.TimeOfDay.Ticks, FractionDigits);
        return sb.ToString();
    }
}
