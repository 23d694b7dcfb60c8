using System.Text;

namespace FlowForge.Toml;

/// <summary>A TOML local date such as <c>1979-05-27</c>.</summary>
/// <param name="Value">The date.</param>
public readonly record struct TomlLocalDate(DateOnly Value)
{
    /// <summary>Formats as <c>yyyy-MM-dd</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(10);
        TomlDateTimeText.AppendDate(sb, Value.Year, Value.Month, Value.Day);
        return sb.ToString();
    }
}
