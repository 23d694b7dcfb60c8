using System.Globalization;
using FlowForge.Templates.Values;

namespace FlowForge.Templates.Validation;

/// <summary>Checks a parsed output document against a <see cref="TemplateSchema"/>; problems carry the output offset of the offending key.</summary>
internal static class SchemaValidator
{
    public static List<(string Code, int Offset, string Message)> Validate(DocumentValue root, TemplateSchema schema)
    {
        var problems = new List<(string, int, string)>();
        foreach (var rule in schema.Rules)
        {
            var parents = new List<(DocumentValue Value, string Path)> { (root, "") };
            for (int i = 0; i < rule.Segments.Count; i++)
            {
                var segment = rule.Segments[i];
                bool each = segment.EndsWith("[]", StringComparison.Ordinal);
                var name = each ? segment[..^2] : segment;
                bool last = i == rule.Segments.Count - 1;
                var next = new List<(DocumentValue, string)>();
                foreach (var (parent, parentPath) in parents)
                {
                    var path = parentPath.Length == 0 ? name : parentPath + "." + name;
                    if (parent.Kind != DocumentKind.Table) continue; // reported by the parent's own type rule
                    var value = parent.Member(name);
                    if (value is null)
                    {
                        if (rule.Required && (last || !each))
                            problems.Add((TemplateDiagnosticCodes.SchemaRequiredKey, parent.Offset,
                                parentPath.Length == 0
                                    ? $"Required key '{rule.Path}' is missing from the output; add it to the template."
                                    : $"Required key '{rule.Path}' is missing: '{parentPath}' has no key '{string.Join('.', rule.Segments.Skip(i))}'."));
                        break;
                    }
                    if (each)
                    {
                        if (value.Kind != DocumentKind.Array) { problems.Add((TemplateDiagnosticCodes.SchemaType, value.Offset, $"'{path}' must be an array (schema key '{rule.Path}'), not a {Name(value.Kind)}.")); continue; }
                        for (int k = 0; k < value.Items.Count; k++) next.Add((value.Items[k], $"{path}[{k}]"));
                    }
                    else next.Add((value, path));
                }
                if (last) foreach (var (value, path) in next) Check(rule, value, path, problems);
                parents = next;
            }
        }
        if (!schema.AdditionalKeys) CheckUnknown(root, "", "", schema, problems);
        problems.Sort((a, b) => a.Item2.CompareTo(b.Item2));
        return problems;
    }

    private static void Check(SchemaRule rule, DocumentValue value, string path, List<(string, int, string)> problems)
    {
        if (rule.Type is { } type && !Matches(type, value.Kind))
        {
            problems.Add((TemplateDiagnosticCodes.SchemaType, value.Offset, $"'{path}' must be {Article(type)} {type}, not {Article(Name(value.Kind))} {Name(value.Kind)}{Show(value)}."));
            return;
        }
        if (rule.Items is { } items && value.Kind == DocumentKind.Array)
        {
            for (int i = 0; i < value.Items.Count; i++)
                if (!Matches(items, value.Items[i].Kind))
                    problems.Add((TemplateDiagnosticCodes.SchemaType, value.Items[i].Offset, $"'{path}[{i}]' must be {Article(items)} {items}, not {Article(Name(value.Items[i].Kind))} {Name(value.Items[i].Kind)}."));
        }
        if (rule.Enum is { } allowed && !allowed.Any(a => TemplateValue.AreEqual(a, value.Scalar)))
            problems.Add((TemplateDiagnosticCodes.SchemaEnum, value.Offset, $"'{path}' is {Show(value).Trim(' ', '(', ')')} but must be one of: {string.Join(", ", allowed.Select(a => TomlLiterals.Write(a)))}."));
        if (rule.Pattern is { } pattern && value.Scalar is string s && !pattern.IsMatch(s))
            problems.Add((TemplateDiagnosticCodes.SchemaPattern, value.Offset, $"'{path}' = {TomlLiterals.QuoteString(s)} does not match the pattern {pattern}."));
        double? measure = value.Kind switch
        {
            DocumentKind.Integer => (long)value.Scalar!,
            DocumentKind.Float => (double)value.Scalar!,
            DocumentKind.String => ((string)value.Scalar!).Length,
            DocumentKind.Array => value.Items.Count,
            _ => null,
        };
        if (measure is { } m && (m < rule.Min || m > rule.Max))
        {
            string what = value.Kind is DocumentKind.String or DocumentKind.Array ? "length of " : "";
            problems.Add((TemplateDiagnosticCodes.SchemaRange, value.Offset,
                $"The {what}'{path}' is {m.ToString(CultureInfo.InvariantCulture)}, outside {(rule.Min?.ToString(CultureInfo.InvariantCulture) ?? "-∞")}..{(rule.Max?.ToString(CultureInfo.InvariantCulture) ?? "∞")}."));
        }
    }

    private static void CheckUnknown(DocumentValue value, string path, string pattern, TemplateSchema schema, List<(string, int, string)> problems)
    {
        if (value.Kind == DocumentKind.Table)
        {
            foreach (var (key, child) in value.Members)
            {
                var childPath = path.Length == 0 ? key : path + "." + key;
                var childPattern = pattern.Length == 0 ? key : pattern + "." + key;
                bool declared = schema.Rules.Any(r => r.Path == childPattern || r.Path.StartsWith(childPattern + ".", StringComparison.Ordinal)
                    || r.Path.StartsWith(childPattern + "[]", StringComparison.Ordinal));
                bool underDeclared = schema.Rules.Any(r => childPattern.StartsWith(r.Path + ".", StringComparison.Ordinal) && r.Type is "table" or "any");
                if (!declared && !underDeclared)
                {
                    problems.Add((TemplateDiagnosticCodes.SchemaUnknownKey, child.Offset, $"'{childPath}' is not in the schema (additionalKeys = false); remove it or add [keys.\"{childPattern}\"] to the schema."));
                    continue;
                }
                if (!underDeclared) CheckUnknown(child, childPath, childPattern, schema, problems);
            }
        }
        else if (value.Kind == DocumentKind.Array && schema.Rules.Any(r => r.Path.StartsWith(pattern + "[]", StringComparison.Ordinal)))
        {
            for (int i = 0; i < value.Items.Count; i++) CheckUnknown(value.Items[i], $"{path}[{i}]", pattern + "[]", schema, problems);
        }
    }

    private static bool Matches(string type, DocumentKind kind) => type switch
    {
        "any" => true,
        "number" => kind is DocumentKind.Integer or DocumentKind.Float,
        _ => type == Name(kind),
    };

    private static string Name(DocumentKind kind) => kind switch
    {
        DocumentKind.Table => "table",
        DocumentKind.DateTime => "datetime",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string Article(string word) => word.Length > 0 && "aeiou".Contains(word[0]) ? "an" : "a";

    private static string Show(DocumentValue value) => value.Scalar switch
    {
        null => "",
        string s => $" ({TomlLiterals.QuoteString(s)})",
        var o => $" ({TemplateValue.ToText(o)})",
    };
}
