using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FlowForge.Toml.Decoder;

/// <summary>
/// Encodes a TOML model as toml-test "tagged JSON": tables become objects, arrays become arrays, and every scalar
/// becomes <c>{"type": ..., "value": "..."}</c>. Shared with the test project (linked source file).
/// </summary>
public static class TaggedJson
{
    /// <summary>Parses TOML bytes and returns tagged JSON, or null with the diagnostics when the input is invalid.</summary>
    public static string? TryDecode(byte[] toml, out IReadOnlyList<TomlDiagnostic> diagnostics)
    {
        TomlDocument document = Toml.Parse(toml);
        diagnostics = document.Diagnostics;
        return document.TryGetModel(out TomlTable? model) ? Encode(model) : null;
    }

    /// <summary>Encodes a table as tagged JSON text.</summary>
    public static string Encode(TomlTable table)
    {
        using var stream = new MemoryStream();
        // Relaxed escaping keeps non-ASCII text readable; the output is still valid JSON.
        // Parser nesting is limited to 128 levels, but each array of tables adds a JSON level, so allow more than that.
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false, MaxDepth = 1024, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteValue(writer, table);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteValue(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case TomlTable table:
                writer.WriteStartObject();
                foreach (var pair in table)
                {
                    writer.WritePropertyName(pair.Key);
                    WriteValue(writer, pair.Value);
                }

                writer.WriteEndObject();
                break;
            case TomlTableArray tables:
                writer.WriteStartArray();
                foreach (var item in tables)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            case TomlArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            case string s:
                WriteScalar(writer, "string", s);
                break;
            case long l:
                WriteScalar(writer, "integer", l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                WriteScalar(writer, "float", FormatFloat(d));
                break;
            case bool b:
                WriteScalar(writer, "bool", b ? "true" : "false");
                break;
            case TomlOffsetDateTime odt:
                WriteScalar(writer, "datetime", odt.ToString());
                break;
            case TomlLocalDateTime ldt:
                WriteScalar(writer, "datetime-local", ldt.ToString());
                break;
            case TomlLocalDate ld:
                WriteScalar(writer, "date-local", ld.ToString());
                break;
            case TomlLocalTime lt:
                WriteScalar(writer, "time-local", lt.ToString());
                break;
            default:
                throw new InvalidOperationException($"Unexpected value type {value.GetType()} in the TOML model.");
        }
    }

    private static string FormatFloat(double d)
    {
        if (double.IsNaN(d))
        {
            return "nan";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "inf" : "-inf";
        }

        // "R" round-trips; its exponent form (1E+300) is accepted by toml-test's float comparison.
        return d.ToString("R", CultureInfo.InvariantCulture);
    }

    private static void WriteScalar(Utf8JsonWriter writer, string type, string value)
    {
        writer.WriteStartObject();
        writer.WriteString("type", type);
        writer.WriteString("value", value);
        writer.WriteEndObject();
    }
}
