using System.Globalization;
using System.Text;
using FlowForge.Toml;

namespace FlowForge.Templates.Values;

/// <summary>Writes values as TOML literals (the <c>toml</c> filter): basic strings with escapes, numbers, booleans, arrays, inline tables.</summary>
public static class TomlLiterals
{
    public static string QuoteString(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || c == 0x7F) sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    public static string Key(string key)
    {
        if (key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')) return key;
        return QuoteString(key);
    }

    /// <summary>The TOML literal of a value; null when it has none (undefined).</summary>
    public static string? Write(object? value)
    {
        switch (value)
        {
            case string s: return QuoteString(s);
            case long l: return l.ToString(CultureInfo.InvariantCulture);
            case double d: return TemplateValue.FormatDouble(d);
            case bool b: return b ? "true" : "false";
            case TomlLocalDate or TomlLocalDateTime or TomlLocalTime or TomlOffsetDateTime: return value.ToString();
            case IReadOnlyDictionary<string, object?> map:
            {
                if (map.Count == 0) return "{}";
                var parts = new List<string>();
                foreach (var (k, v) in map)
                {
                    var text = Write(v);
                    if (text is null) return null;
                    parts.Add(Key(k) + " = " + text);
                }
                return "{ " + string.Join(", ", parts) + " }";
            }
            case IReadOnlyList<object?> list:
            {
                var parts = new List<string>();
                foreach (var item in list)
                {
                    var text = Write(item);
                    if (text is null) return null;
                    parts.Add(text);
                }
                return "[" + string.Join(", ", parts) + "]";
            }
            default: return null;
        }
    }
}
