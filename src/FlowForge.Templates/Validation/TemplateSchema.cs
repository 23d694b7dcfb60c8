using System.Text.RegularExpressions;
using FlowForge.Templates.Values;
using FlowForge.Toml;

namespace FlowForge.Templates.Validation;

/// <summary>One rule of a schema: the checks for one key path (<c>server.port</c>, <c>servers[].name</c>).</summary>
public sealed record SchemaRule(
    string Path,
    IReadOnlyList<string> Segments,
    string? Type,
    bool Required,
    IReadOnlyList<object>? Enum,
    Regex? Pattern,
    double? Min,
    double? Max,
    string? Items);

/// <summary>
/// A schema for rendered TOML/JSON, itself a TOML file:
/// <code>
/// additionalKeys = false          # optional: keys not listed below are errors (default true)
///
/// [keys."server.port"]            # a dotted path; "servers[].name" means: in every element of the array servers
/// type = "integer"                # string | integer | float | number | boolean | datetime | array | table | any
/// required = true                 # default false
/// min = 1                         # numbers: value; strings and arrays: length
/// max = 65535
///
/// [keys."log.level"]
/// enum = ["debug", "info", "warn"]  # allowed values
/// pattern = "^[a-z]+$"              # strings: .NET regular expression, must match
/// items = "string"                  # arrays: type of every item
/// </code>
/// </summary>
public sealed class TemplateSchema
{
    public static readonly IReadOnlySet<string> Types = new HashSet<string> { "string", "integer", "float", "number", "boolean", "datetime", "array", "table", "any" };
    private static readonly HashSet<string> RuleProperties = ["type", "required", "enum", "pattern", "min", "max", "items", "description"];

    private TemplateSchema(string? path, bool additionalKeys, IReadOnlyList<SchemaRule> rules)
    {
        Path = path;
        AdditionalKeys = additionalKeys;
        Rules = rules;
    }

    public string? Path { get; }

    public bool AdditionalKeys { get; }

    public IReadOnlyList<SchemaRule> Rules { get; }

    /// <summary>Reads a schema file; problems become FF4013 (FF4015 when unreadable) and the result is null.</summary>
    public static TemplateSchema? Load(string path, ICollection<TemplateDiagnostic> diagnostics)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(new TemplateDiagnostic(TemplateDiagnosticCodes.FileError, TemplateSeverity.Error, $"Cannot read the schema: {e.Message}", path, 0, 0));
            return null;
        }
        return Parse(text, path, diagnostics);
    }

    public static TemplateSchema? Parse(string text, string? path, ICollection<TemplateDiagnostic> diagnostics)
    {
        var document = Toml.Toml.Parse(text, path);
        if (!document.TryGetModel(out var root))
        {
            foreach (var d in document.Diagnostics.Where(d => d.IsError))
                diagnostics.Add(new TemplateDiagnostic(TemplateDiagnosticCodes.InvalidSchema, TemplateSeverity.Error, $"The schema is not valid TOML ({d.Code}: {d.Message})", path, d.Line, d.Column));
            return null;
        }
        int before = diagnostics.Count;
        void Problem(TomlPosition at, string message) => diagnostics.Add(new TemplateDiagnostic(TemplateDiagnosticCodes.InvalidSchema, TemplateSeverity.Error, message, path, at.Line, at.Column));

        bool additional = true;
        foreach (var (key, value) in root)
        {
            var at = root.GetKeyPosition(key);
            if (key == "additionalKeys") { if (value is bool b) additional = b; else Problem(at, "'additionalKeys' must be true or false."); }
            else if (key != "keys") Problem(at, $"Unknown schema setting '{key}'; a schema has 'additionalKeys' and '[keys.\"path\"]' tables.");
        }
        var rules = new List<SchemaRule>();
        if (root.TryGetValue("keys", out var keysValue))
        {
            if (keysValue is not TomlTable keys) Problem(root.GetKeyPosition("keys"), "'keys' must be a table of [keys.\"path\"] tables.");
            else
            {
                foreach (var (keyPath, ruleValue) in keys)
                {
                    var at = keys.GetKeyPosition(keyPath);
                    if (ruleValue is not TomlTable rule) { Problem(at, $"keys.\"{keyPath}\" must be a table (type, required, enum, pattern, min, max, items)."); continue; }
                    var parsed = ParseRule(keyPath, rule, at, Problem);
                    if (parsed is not null) rules.Add(parsed);
                }
            }
        }
        return diagnostics.Count > before ? null : new TemplateSchema(path, additional, rules);
    }

    private static SchemaRule? ParseRule(string keyPath, TomlTable rule, TomlPosition at, Action<TomlPosition, string> problem)
    {
        bool ok = true;
        void Fail(string key, string message) { problem(rule.TryGetKeyPosition(key, out var p) ? p : at, message); ok = false; }
        var segments = keyPath.Split('.');
        if (segments.Any(s => s.Length == 0 || s == "[]")) { problem(at, $"'{keyPath}' is not a key path; write names separated by dots, e.g. \"server.port\" or \"servers[].name\"."); return null; }
        foreach (var key in rule.Keys)
            if (!RuleProperties.Contains(key)) Fail(key, $"Unknown schema property '{key}'; use {string.Join(", ", RuleProperties)}.");
        string? Type(string key)
        {
            if (!rule.TryGetValue(key, out var v)) return null;
            if (v is string s && Types.Contains(s)) return s;
            Fail(key, $"'{key}' must be one of {string.Join(", ", Types)}.");
            return null;
        }
        double? Number(string key)
        {
            if (!rule.TryGetValue(key, out var v)) return null;
            if (v is long l) return l;
            if (v is double d) return d;
            Fail(key, $"'{key}' must be a number.");
            return null;
        }
        var type = Type("type");
        var items = Type("items");
        bool required = false;
        if (rule.TryGetValue("required", out var r)) { if (r is bool b) required = b; else Fail("required", "'required' must be true or false."); }
        List<object>? allowed = null;
        if (rule.TryGetValue("enum", out var e))
        {
            if (e is TomlArray array && array.Count > 0) allowed = array.Select(x => TemplateValue.FromToml(x)!).ToList();
            else Fail("enum", "'enum' must be a non-empty array of the allowed values.");
        }
        Regex? pattern = null;
        if (rule.TryGetValue("pattern", out var p))
        {
            try
            {
                if (p is string s) pattern = new Regex(s, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                else Fail("pattern", "'pattern' must be a string (a .NET regular expression).");
            }
            catch (ArgumentException ex) { Fail("pattern", $"'pattern' is not a valid regular expression: {ex.Message}"); }
        }
        var min = Number("min");
        var max = Number("max");
        return ok ? new SchemaRule(keyPath, segments, type, required, allowed, pattern, min, max, items) : null;
    }
}
