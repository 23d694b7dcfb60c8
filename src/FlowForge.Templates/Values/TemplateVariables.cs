using System.Text;
using FlowForge.Toml;

namespace FlowForge.Templates.Values;

/// <summary>
/// The variables a template sees, built from layers. Precedence, highest first: item metadata of the template,
/// then the TOML variables file, then MSBuild properties (<c>FlowForgeTemplateProperties</c> / <c>FlowForgeTemplateVariable</c> items).
/// A higher layer replaces a top-level name of a lower one as a whole (tables are not merged).
/// </summary>
public sealed class TemplateVariables
{
    private readonly Dictionary<string, object?> _values;

    private TemplateVariables(Dictionary<string, object?> values) => _values = values;

    public static TemplateVariables Empty { get; } = new(new Dictionary<string, object?>(StringComparer.Ordinal));

    public IReadOnlyDictionary<string, object?> Values => _values;

    /// <summary>Returns these variables with <paramref name="higher"/> on top (its names win).</summary>
    public TemplateVariables Overlay(IEnumerable<KeyValuePair<string, object?>>? higher)
    {
        if (higher is null) return this;
        var values = new Dictionary<string, object?>(_values, StringComparer.Ordinal);
        foreach (var (key, value) in higher) values[key] = value;
        return new TemplateVariables(values);
    }

    /// <summary>Builds variables from the three layers (any may be null), lowest precedence first.</summary>
    public static TemplateVariables Create(
        IEnumerable<KeyValuePair<string, object?>>? properties,
        IEnumerable<KeyValuePair<string, object?>>? variablesFile,
        IEnumerable<KeyValuePair<string, object?>>? itemMetadata)
        => Empty.Overlay(properties).Overlay(variablesFile).Overlay(itemMetadata);

    /// <summary>Strings as variables (MSBuild properties and metadata are strings).</summary>
    public static IEnumerable<KeyValuePair<string, object?>> FromStrings(IEnumerable<KeyValuePair<string, string>> pairs)
        => pairs.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value));

    /// <summary>Reads a TOML variables file; on error adds FF4014 diagnostics (at the file's own line/column) and returns null.</summary>
    public static IReadOnlyDictionary<string, object?>? LoadFile(string path, ICollection<TemplateDiagnostic> diagnostics)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(new TemplateDiagnostic(TemplateDiagnosticCodes.InvalidVariablesFile, TemplateSeverity.Error,
                $"Cannot read the template variables file: {e.Message} Fix FlowForgeTemplateVariablesFile (or --vars).", path, 0, 0));
            return null;
        }
        var document = Toml.Toml.Parse(bytes, path);
        if (!document.TryGetModel(out var table))
        {
            foreach (var d in document.Diagnostics.Where(d => d.IsError))
                diagnostics.Add(new TemplateDiagnostic(TemplateDiagnosticCodes.InvalidVariablesFile, TemplateSeverity.Error,
                    $"The template variables file is not valid TOML ({d.Code}: {d.Message})", path, d.Line, d.Column));
            return null;
        }
        return TemplateValue.FromTomlTable(table);
    }

    /// <summary>A canonical text of all variables, for fingerprints: equal text means equal variables.</summary>
    public string ToCanonicalText()
    {
        var sb = new StringBuilder();
        TemplateValue.WriteCanonical(_values, sb);
        return sb.ToString();
    }
}
