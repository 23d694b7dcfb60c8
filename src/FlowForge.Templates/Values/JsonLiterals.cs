using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FlowForge.Toml;

namespace FlowForge.Templates.Values;

/// <summary>Writes values as JSON (the <c>json</c> filter): escaped strings, numbers, booleans, arrays, objects; dates as strings.</summary>
public static class JsonLiterals
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    /// <summary>The JSON text of a value; null when it has none (undefined, NaN, infinity).</summary>
    public static string? Write(object? value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            if (!WriteValue(writer, value)) return null;
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static bool WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case string s: writer.WriteStringValue(s); return true;
            case long l: writer.WriteNumberValue(l); return true;
            case double d when double.IsFinite(d): writer.WriteNumberValue(d); return true;
            case bool b: writer.WriteBooleanValue(b); return true;
            case TomlLocalDate or TomlLocalDateTime or TomlLocalTime or TomlOffsetDateTime: writer.WriteStringValue(value.ToString()); return true;
            case IReadOnlyDictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var (k, v) in map)
                {
                    writer.WritePropertyName(k);
                    if (!WriteValue(writer, v)) return false;
                }
                writer.WriteEndObject();
                return true;
            case IReadOnlyList<object?> list:
                writer.WriteStartArray();
                foreach (var item in list)
                    if (!WriteValue(writer, item)) return false;
                writer.WriteEndArray();
                return true;
            default: return false;
        }
    }
}
