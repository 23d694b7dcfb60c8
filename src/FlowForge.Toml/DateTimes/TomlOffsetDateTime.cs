using System.Text;

namespace FlowForge.Toml;

/// <summary>
/// A TOML offset date-time such as <c>1979-05-27T07:32:00.999-07:00</c>.
/// Fractions beyond 100 ns (7 digits) are truncated, as the TOML spec allows.
/// </summary>
/// <param name="Value">The instant with its offset.</param>
/// <param name="FractionDigits">How many fraction-of-second digits the source had (0 when none), kept for round-tripping.</param>
/// <param name="IsZulu">True when the source wrote <c>Z</c> rather than <c>+00:00</c>.</param>
public readonly record struct TomlOffsetDateTime(DateTimeOffset Value, int FractionDigits = 0, bool IsZulu = false)
{
    /// <summary>Formats as RFC 3339, as TOML writes it.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(40);
        TomlDateTimeText.AppendDate(sb, Value.Year, Value.Month, Value.Day);
        sb.Append('T');
        TomlDateTimeText.AppendTime(sb, Value.TimeOfDay.Ticks, FractionDigits);
        TomlDateTimeText.AppendOffset(sb, Value.Offset, IsZulu);
        return sb.ToString();
    }
}
