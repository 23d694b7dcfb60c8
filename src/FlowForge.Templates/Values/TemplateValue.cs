using System.Collections;
using System.Globalization;
using FlowForge.Toml;

namespace FlowForge.Templates.Values;

/// <summary>
/// The variable model: a value is a <see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>,
/// a list (<see cref="IReadOnlyList{T}"/> of values), a map (<see cref="IReadOnlyDictionary{TKey,TValue}"/>, insertion ordered),
/// or a TOML date/time (kept from a variables file; rendered in its TOML form). Helpers for type names, truthiness and text.
/// </summary>
public static class TemplateValue
{
    public static string TypeName(object? value) => value switch
    {
        null or Undefined => "undefined",
        string => "string",
        long => "integer",
        double => "float",
        bool => "boolean",
        IReadOnlyDictionary<string, object?> => "table",
        IReadOnlyList<object?> => "list",
        TomlLocalDate or TomlLocalDateTime or TomlLocalTime or TomlOffsetDateTime => "datetime",
        _ => value.GetType().Name,
    };

    /// <summary>"a string", "an integer", "an undefined value": for messages.</summary>
    public static string Described(object? value)
    {
        var name = TypeName(value);
        return name == "undefined" ? "an undefined value" : ("aeiou".Contains(name[0]) ? "an " : "a ") + name;
    }

    public static bool IsTruthy(object? value) => value switch
    {
        null or Undefined => false,
        bool b => b,
        string s => s.Length > 0,
        long l => l != 0,
        double d => d != 0,
        IReadOnlyDictionary<string, object?> m => m.Count > 0,
        IReadOnlyList<object?> l => l.Count > 0,
        _ => true,
    };

    /// <summary>The text a scalar renders as; null for lists, maps and undefined (which cannot be written directly).</summary>
    public static string? ToText(object? value) => value switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FormatDouble(d),
        bool b => b ? "true" : "false",
        null or Undefined or IReadOnlyDictionary<string, object?> or IReadOnlyList<object?> => null,
        _ => value.ToString(),
    };

    internal static string FormatDouble(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsPositiveInfinity(d)) return "inf";
        if (double.IsNegativeInfinity(d)) return "-inf";
        var s = d.ToString("R", CultureInfo.InvariantCulture);
        return s.Contains('.') || s.Contains('E') || s.Contains('e') ? s : s + ".0";
    }

    /// <summary>Converts a TOML value (table, array, scalar) to the variable model.</summary>
    public static object? FromToml(object value) => value switch
    {
        TomlTable table => FromTomlTable(table),
        TomlTableArray tables => tables.Select(t => (object?)FromTomlTable(t)).ToList(),
        TomlArray array => array.Select(FromToml).ToList(),
        _ => value,
    };

    public static Dictionary<string, object?> FromTomlTable(TomlTable table)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in table) map[key] = FromToml(value);
        return map;
    }

    /// <summary>Structural equality for <c>==</c>: numbers compare by value across long/double.</summary>
    public static bool AreEqual(object? a, object? b)
    {
        if (a is long la && b is double db) return la == db;
        if (a is double da && b is long lb) return da == lb;
        if (a is IReadOnlyList<object?> xa && b is IReadOnlyList<object?> xb)
            return xa.Count == xb.Count && xa.Zip(xb).All(p => AreEqual(p.First, p.Second));
        if (a is IReadOnlyDictionary<string, object?> ma && b is IReadOnlyDictionary<string, object?> mb)
            return ma.Count == mb.Count && ma.All(p => mb.TryGetValue(p.Key, out var v) && AreEqual(p.Value, v));
        return Equals(a, b);
    }

    /// <summary>A canonical, deterministic text of a value (used to fingerprint variables).</summary>
    public static void WriteCanonical(object? value, System.Text.StringBuilder sb)
    {
        switch (value)
        {
            case IReadOnlyDictionary<string, object?> map:
                sb.Append('{');
                foreach (var key in map.Keys.Order(StringComparer.Ordinal))
                {
                    sb.Append(TomlLiterals.QuoteString(key)).Append('=');
                    WriteCanonical(map[key], sb);
                    sb.Append(',');
                }
                sb.Append('}');
                break;
            case IReadOnlyList<object?> list:
                sb.Append('[');
                foreach (var item in list) { WriteCanonical(item, sb); sb.Append(','); }
                sb.Append(']');
                break;
            case string s: sb.Append(TomlLiterals.QuoteString(s)); break;
            default: sb.Append(TypeName(value)).Append(':').Append(ToText(value)); break;
        }
    }

    internal static bool IsList(object? value, out IReadOnlyList<object?> list)
    {
        list = value as IReadOnlyList<object?> ?? Array.Empty<object?>();
        return value is IReadOnlyList<object?> && value is not string;
    }

    internal static IEnumerable AsEnumerable(object value) => (IEnumerable)value;
}
