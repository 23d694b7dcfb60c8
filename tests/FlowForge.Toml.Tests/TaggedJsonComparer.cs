using System.Globalization;
using System.Text.Json.Nodes;

namespace FlowForge.Toml.Tests;

/// <summary>
/// Compares tagged JSON trees the way upstream toml-test's json.go does (see the suite's README): tables by key set,
/// arrays in order, floats numerically (nan by name), date/times as points in time.
/// </summary>
internal static class TaggedJsonComparer
{
    /// <summary>Returns null when equal, else a description of the first difference.</summary>
    public static string? Compare(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected)
        {
            case JsonObject expectedObject when IsValue(expectedObject):
                if (actual is not JsonObject actualValue || !IsValue(actualValue))
                {
                    return $"{path}: expected a value {expected.ToJsonString()}, got {actual?.ToJsonString() ?? "null"}";
                }

                return CompareValues(expectedObject, actualValue, path);
            case JsonObject expectedTable:
                if (actual is not JsonObject actualTable || IsValue(actualTable))
                {
                    return $"{path}: expected a table, got {actual?.ToJsonString() ?? "null"}";
                }

                var expectedKeys = expectedTable.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
                var actualKeys = actualTable.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
                if (!expectedKeys.SequenceEqual(actualKeys, StringComparer.Ordinal))
                {
                    return $"{path}: expected keys [{string.Join(", ", expectedKeys)}], got [{string.Join(", ", actualKeys)}]";
                }

                foreach (var key in expectedKeys)
                {
                    string? difference = Compare(expectedTable[key], actualTable[key], $"{path}.{key}");
                    if (difference != null)
                    {
                        return difference;
                    }
                }

                return null;
            case JsonArray expectedArray:
                if (actual is not JsonArray actualArray)
                {
                    return $"{path}: expected an array, got {actual?.ToJsonString() ?? "null"}";
                }

                if (expectedArray.Count != actualArray.Count)
                {
                    return $"{path}: expected {expectedArray.Count} elements, got {actualArray.Count}";
                }

                for (int i = 0; i < expectedArray.Count; i++)
                {
                    string? difference = Compare(expectedArray[i], actualArray[i], $"{path}[{i}]");
                    if (difference != null)
                    {
                        return difference;
                    }
                }

                return null;
            default:
                return $"{path}: unexpected JSON in the expected file: {expected?.ToJsonString() ?? "null"}";
        }
    }

    /// <summary>A value has exactly the keys "type" and "value", both strings; anything else is a table.</summary>
    private static bool IsValue(JsonObject o)
        => o.Count == 2
           && o["type"] is JsonValue t && t.TryGetValue<string>(out _)
           && o["value"] is JsonValue v && v.TryGetValue<string>(out _);

    private static string? CompareValues(JsonObject expected, JsonObject actual, string path)
    {
        string expectedType = expected["type"]!.GetValue<string>();
        string actualType = actual["type"]!.GetValue<string>();
        string e = expected["value"]!.GetValue<string>();
        string a = actual["value"]!.GetValue<string>();
        if (expectedType != actualType)
        {
            return $"{path}: expected type {expectedType}, got {actualType} ({a})";
        }

        bool equal = expectedType switch
        {
            "float" => FloatsEqual(e, a),
            "datetime" or "datetime-local" or "date-local" or "time-local" => DateTimesEqual(expectedType, e, a),
            "bool" => string.Equals(e, a, StringComparison.OrdinalIgnoreCase),
            _ => string.Equals(e, a, StringComparison.Ordinal),
        };
        return equal ? null : $"{path}: expected {expectedType} '{e}', got '{a}'";
    }

    private static bool FloatsEqual(string expected, string actual)
    {
        string e = expected.ToLowerInvariant();
        string a = actual.ToLowerInvariant();
        if (e.EndsWith("nan", StringComparison.Ordinal) || a.EndsWith("nan", StringComparison.Ordinal))
        {
            return e.TrimStart('+', '-') == a.TrimStart('+', '-');
        }

        return ParseFloat(e) is double x && ParseFloat(a) is double y && x.Equals(y) || (ParseFloat(e) == 0 && ParseFloat(a) == 0);
    }

    private static double? ParseFloat(string s) => s switch
    {
        "inf" or "+inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        _ => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : null,
    };

    private static bool DateTimesEqual(string type, string expected, string actual)
    {
        static string Normalize(string s) => s.Replace(' ', 'T').Replace('t', 'T').Replace('z', 'Z');
        string e = Normalize(expected);
        string a = Normalize(actual);
        switch (type)
        {
            case "datetime":
                return DateTimeOffset.TryParse(e, CultureInfo.InvariantCulture, DateTimeStyles.None, out var x)
                    && DateTimeOffset.TryParse(a, CultureInfo.InvariantCulture, DateTimeStyles.None, out var y)
                    && x.UtcTicks == y.UtcTicks;
            case "time-local":
                return TimeOnly.TryParse(e, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t1)
                    && TimeOnly.TryParse(a, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t2)
                    && t1 == t2;
            default:
                return DateTime.TryParse(e, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d1)
                    && DateTime.TryParse(a, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d2)
                    && d1 == d2;
        }
    }
}
