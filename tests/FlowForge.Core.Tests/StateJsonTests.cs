using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using FlowForge.Core.Fingerprints;
using FlowForge.Core.ProjectSkip;
using FlowForge.Core.Records;

namespace FlowForge.Core.Tests;

/// <summary>The state files are written by a serialization-only context (no read metadata in a node that reads none)
/// and read by the full one: what is written must be exactly what System.Text.Json's reflection serializer writes with
/// the same options (the oracle), and read back to the same values.</summary>
public sealed class StateJsonTests
{
    private static readonly JsonSerializerOptions Oracle = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    public static TheoryData<Type> StateTypes => new() { typeof(ProjectRecord), typeof(CompileState), typeof(ProjectSkipState) };

    [Theory]
    [MemberData(nameof(StateTypes))]
    public void Every_property_is_written_as_the_reflection_serializer_writes_it_and_reads_back(Type type)
    {
        var value = Filled(type, depth: 0);
        var written = JsonSerializer.Serialize(value, StateJsonWriteContext.Default.GetTypeInfo(type)!);
        Assert.Equal(JsonSerializer.Serialize(value, type, Oracle), written);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            Assert.Contains("\"" + JsonNamingPolicy.CamelCase.ConvertName(property.Name) + "\":", written);

        var read = JsonSerializer.Deserialize(written, StateJsonContext.Default.GetTypeInfo(type)!);
        Assert.Equal(written, JsonSerializer.Serialize(read, StateJsonWriteContext.Default.GetTypeInfo(type)!));
    }

    [Fact]
    public void Nulls_are_left_out_by_both()
    {
        var record = new ProjectRecord { Project = "A.csproj" };
        var written = record.ToJson();
        Assert.Equal(JsonSerializer.Serialize(record, Oracle), written);
        Assert.DoesNotContain("null", written);
    }

    /// <summary>An instance with every settable property set to a value that is not its default (collections with one
    /// element, nested objects filled in turn), so that no property can go missing from the written JSON unnoticed.</summary>
    private static object Filled(Type type, int depth)
    {
        var value = Activator.CreateInstance(type)!;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            if (property.CanWrite && property.SetMethod!.IsPublic)
                property.SetValue(value, Sample(property.PropertyType, property.Name, depth));
            else if (property.GetValue(value) is IDictionary dictionary)
                dictionary[Sample(property.PropertyType.GetGenericArguments()[0], property.Name, depth)!] =
                    Sample(property.PropertyType.GetGenericArguments()[1], property.Name, depth);
        }
        return value;
    }

    private static object? Sample(Type type, string name, int depth)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string)) return name + " value \"quoted\" ü";
        if (underlying == typeof(bool)) return true;
        if (underlying == typeof(int)) return 7;
        if (underlying == typeof(long)) return 1L << 40;
        if (underlying == typeof(ulong)) return ulong.MaxValue - 1;
        if (underlying == typeof(double)) return 12.375;
        if (underlying == typeof(DateTimeOffset)) return new DateTimeOffset(2026, 12, 8, 1, 2, 3, TimeSpan.Zero);
        if (underlying.IsEnum) return Enum.GetValues(underlying).GetValue(Enum.GetValues(underlying).Length - 1);
        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() is { } generic
            && (generic == typeof(List<>) || generic == typeof(IReadOnlyList<>) || generic == typeof(IList<>)))
        {
            var element = underlying.GetGenericArguments()[0];
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            list.Add(Sample(element, name, depth + 1));
            return list;
        }
        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() is { } dictionaryType
            && (dictionaryType == typeof(SortedDictionary<,>) || dictionaryType == typeof(Dictionary<,>)))
        {
            var arguments = underlying.GetGenericArguments();
            var dictionary = (IDictionary)Activator.CreateInstance(underlying)!;
            dictionary[Sample(arguments[0], name + " key", depth + 1)!] = Sample(arguments[1], name, depth + 1);
            return dictionary;
        }
        if (underlying.IsClass && depth < 4) return Filled(underlying, depth + 1);
        throw new NotSupportedException($"no sample value for {type} ({name}): add one, so the test covers it");
    }
}
