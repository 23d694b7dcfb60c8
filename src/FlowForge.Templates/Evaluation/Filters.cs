using FlowForge.Templates.Values;

namespace FlowForge.Templates.Evaluation;

/// <summary>A filter: its arity (checked when parsing) and its implementation. <c>default</c> is special-cased by the evaluator (it sees undefined input).</summary>
internal sealed record FilterDefinition(string Name, int MinArguments, int MaxArguments, string Signature, Func<object?, object?[], object?> Apply);

/// <summary>
/// The filters of the language. Every filter is type-aware and reports a wrong input type as FF4004 (thrown as
/// <see cref="FilterException"/>, positioned by the evaluator at the filter name).
/// </summary>
internal static class Filters
{
    private static readonly Dictionary<string, FilterDefinition> All = new FilterDefinition[]
    {
        new("default", 1, 2, "(value[, boolean])", (input, args) => input),
        new("upper", 0, 0, "no arguments", (input, _) => Text("upper", input).ToUpperInvariant()),
        new("lower", 0, 0, "no arguments", (input, _) => Text("lower", input).ToLowerInvariant()),
        new("trim", 0, 0, "no arguments", (input, _) => Text("trim", input).Trim()),
        new("replace", 2, 2, "(from, to)", (input, args) =>
        {
            var from = Text("replace", args[0], "its first argument");
            if (from.Length == 0) throw new FilterException("Filter 'replace' needs a non-empty string to replace.");
            return Text("replace", input).Replace(from, Text("replace", args[1], "its second argument"), StringComparison.Ordinal);
        }),
        new("join", 0, 1, "([separator])", (input, args) =>
        {
            if (input is not IReadOnlyList<object?> list) throw new FilterException($"Filter 'join' needs a list, not {TemplateValue.Described(input)}.");
            var separator = args.Length > 0 ? Text("join", args[0], "its separator") : "";
            return string.Join(separator, list.Select(item => TemplateValue.ToText(item)
                ?? throw new FilterException($"Filter 'join' can only join scalars; an item is {TemplateValue.Described(item)}.")));
        }),
        new("length", 0, 0, "no arguments", (input, _) => input switch
        {
            string s => (long)s.Length,
            IReadOnlyList<object?> l => (long)l.Count,
            IReadOnlyDictionary<string, object?> m => (long)m.Count,
            _ => throw new FilterException($"Filter 'length' needs a string, list or table, not {TemplateValue.Described(input)}."),
        }),
        new("toml", 0, 0, "no arguments", (input, _) => new RawText(TomlLiterals.Write(input)
            ?? throw new FilterException($"Filter 'toml' cannot write {TemplateValue.Described(input)} value."))),
        new("json", 0, 0, "no arguments", (input, _) => new RawText(JsonLiterals.Write(input)
            ?? throw new FilterException($"Filter 'json' cannot write {TemplateValue.Described(input)} value (NaN and infinity have no JSON form)."))),
    }.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public static IEnumerable<string> Names => All.Keys;

    public static bool TryGet(string name, out FilterDefinition filter) => All.TryGetValue(name, out filter!);

    private static string Text(string filter, object? value, string what = "its input")
        => value switch
        {
            RawText raw => raw.Text,
            IReadOnlyList<object?> or IReadOnlyDictionary<string, object?> or Undefined or null =>
                throw new FilterException($"Filter '{filter}' needs text for {what}, not {TemplateValue.Described(value)}."),
            _ => TemplateValue.ToText(value)!,
        };
}

/// <summary>Output of <c>toml</c>/<c>json</c>: already-formatted text, written as is; compared and filtered as a string.</summary>
internal sealed record RawText(string Text)
{
    public override string ToString() => Text;
}

internal sealed class FilterException(string message) : Exception(message);
