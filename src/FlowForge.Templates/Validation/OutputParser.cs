using System.Text;
using System.Text.Json;
using FlowForge.Toml;

namespace FlowForge.Templates.Validation;

/// <summary>
/// Parses rendered output: TOML with FlowForge.Toml, JSON with System.Text.Json's reader (comments allowed, trailing commas not).
/// Returns the document, or the error's output character offset and message.
/// </summary>
internal static class OutputParser
{
    public static DocumentValue? ParseToml(string output, out int errorOffset, out string? error)
    {
        errorOffset = 0;
        error = null;
        var document = Toml.Toml.Parse(output);
        if (!document.TryGetModel(out var table))
        {
            var d = document.Diagnostics.First(x => x.IsError);
            errorOffset = new SourceText(output).GetOffset(d.Line, d.Column);
            error = $"{d.Message} ({d.Code})";
            return null;
        }
        var text = new SourceText(output);
        return FromTable(table, text, -1);
    }

    private static DocumentValue FromTable(TomlTable table, SourceText text, int offset)
    {
        var value = new DocumentValue { Kind = DocumentKind.Table, Offset = offset };
        foreach (var (key, item) in table)
        {
            int at = table.TryGetKeyPosition(key, out var p) && p.IsKnown ? text.GetOffset(p.Line, p.Column) : offset;
            value.Members.Add(new(key, FromToml(item, text, at)));
        }
        return value;
    }

    private static DocumentValue FromToml(object item, SourceText text, int offset)
    {
        switch (item)
        {
            case TomlTable t: return FromTable(t, text, offset);
            case TomlTableArray tables:
            {
                var array = new DocumentValue { Kind = DocumentKind.Array, Offset = offset };
                foreach (var t in tables) array.Items.Add(FromTable(t, text, t.Position.IsKnown ? text.GetOffset(t.Position.Line, t.Position.Column) : offset));
                return array;
            }
            case TomlArray a:
            {
                var array = new DocumentValue { Kind = DocumentKind.Array, Offset = offset };
                for (int i = 0; i < a.Count; i++)
                {
                    var p = a.GetPosition(i);
                    array.Items.Add(FromToml(a[i], text, p.IsKnown ? text.GetOffset(p.Line, p.Column) : offset));
                }
                return array;
            }
            case string s: return new DocumentValue { Kind = DocumentKind.String, Scalar = s, Offset = offset };
            case long l: return new DocumentValue { Kind = DocumentKind.Integer, Scalar = l, Offset = offset };
            case double d: return new DocumentValue { Kind = DocumentKind.Float, Scalar = d, Offset = offset };
            case bool b: return new DocumentValue { Kind = DocumentKind.Boolean, Scalar = b, Offset = offset };
            default: return new DocumentValue { Kind = DocumentKind.DateTime, Scalar = item.ToString(), Offset = offset };
        }
    }

    private static readonly JsonReaderOptions JsonOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false, MaxDepth = 256 };

    public static DocumentValue? ParseJson(string output, out int errorOffset, out string? error)
    {
        errorOffset = 0;
        error = null;
        var bytes = Encoding.UTF8.GetBytes(output);
        bool ascii = bytes.Length == output.Length;
        int CharOffset(long byteOffset) => ascii ? (int)byteOffset : Encoding.UTF8.GetCharCount(bytes, 0, (int)Math.Min(byteOffset, bytes.Length));
        var reader = new Utf8JsonReader(bytes, JsonOptions);
        try
        {
            if (!reader.Read())
            {
                error = "The output is empty; a JSON document needs a value.";
                return null;
            }
            var root = ReadValue(ref reader, CharOffset, -1);
            if (reader.Read()) throw new JsonException("Unexpected content after the end of the JSON document.", null, null, null);
            return root;
        }
        catch (JsonException e)
        {
            // The reader's position is where it stopped: the offending byte.
            errorOffset = CharOffset(reader.BytesConsumed);
            if (e.LineNumber is { } line && e.BytePositionInLine is { } column)
            {
                int lineStart = 0;
                for (long l = 0; l < line && lineStart < bytes.Length; l++)
                {
                    int nl = Array.IndexOf(bytes, (byte)'\n', lineStart);
                    lineStart = nl < 0 ? bytes.Length : nl + 1;
                }
                errorOffset = CharOffset(lineStart + column);
            }
            error = CleanJsonMessage(e.Message);
            return null;
        }
    }

    private static string CleanJsonMessage(string message)
    {
        int i = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (i > 0 ? message[..i] : message).Trim();
    }

    private static DocumentValue ReadValue(ref Utf8JsonReader reader, Func<long, int> charOffset, int keyOffset)
    {
        int at = keyOffset >= 0 ? keyOffset : charOffset(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var value = new DocumentValue { Kind = DocumentKind.Table, Offset = at };
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    int propertyOffset = charOffset(reader.TokenStartIndex);
                    var name = reader.GetString()!;
                    reader.Read();
                    value.Members.Add(new(name, ReadValue(ref reader, charOffset, propertyOffset)));
                }
                return value;
            }
            case JsonTokenType.StartArray:
            {
                var value = new DocumentValue { Kind = DocumentKind.Array, Offset = at };
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    value.Items.Add(ReadValue(ref reader, charOffset, -1));
                return value;
            }
            case JsonTokenType.String: return new DocumentValue { Kind = DocumentKind.String, Scalar = reader.GetString(), Offset = at };
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var l)
                    ? new DocumentValue { Kind = DocumentKind.Integer, Scalar = l, Offset = at }
                    : new DocumentValue { Kind = DocumentKind.Float, Scalar = reader.GetDouble(), Offset = at };
            case JsonTokenType.True or JsonTokenType.False: return new DocumentValue { Kind = DocumentKind.Boolean, Scalar = reader.GetBoolean(), Offset = at };
            default: return new DocumentValue { Kind = DocumentKind.Null, Offset = at };
        }
    }
}
